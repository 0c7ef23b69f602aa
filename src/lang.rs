//! The three languages mailcheck reads and writes: a leaf every part may name (the draft model,
//! the lexicon, the rules, templates, the CLI). Detecting a text's language is the draft's job
//! (`draft::language`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    It,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::It, Lang::Ru];

    /// The code used in lint files, templates and `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
            Lang::Ru => "ru",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italian",
            Lang::Ru => "Russian",
        }
    }
}
