//! The prepared answers: `templates/<lang>/<name>` files rendered with minijinja. The built-in
//! ones are embedded at build time; a user's folder (config `templates = "DIR"`) overrides or
//! adds to them, file by file.

use std::path::PathBuf;

use include_dir::{Dir, include_dir};
use minijinja::Environment;

use super::FixError;
use crate::draft::Lang;

static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

pub struct Templates {
    env: Environment<'static>,
    user: Option<PathBuf>,
}

impl Templates {
    pub fn new(user: Option<PathBuf>) -> Self {
        let mut env = Environment::new();
        let dir = user.clone();
        env.set_loader(move |name: &str| {
            if name.contains("..") {
                return Ok(None);
            }
            if let Some(d) = &dir {
                let p = d.join(name);
                if p.is_file() {
                    return std::fs::read_to_string(&p).map(Some).map_err(|e| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("{}: {e}", p.display()),
                        )
                    });
                }
            }
            Ok(BUILTIN
                .get_file(name)
                .and_then(|f| f.contents_utf8())
                .map(str::to_string))
        });
        Templates { env, user }
    }

    /// Whether `templates/<lang>/<file>` exists (user folder or built in).
    pub fn exists(&self, lang: Lang, file: &str) -> bool {
        let name = format!("{}/{file}", lang.code());
        self.user.as_ref().is_some_and(|d| d.join(&name).is_file())
            || BUILTIN.get_file(&name).is_some()
    }

    /// Renders `templates/<lang>/<file>` with `vars`.
    pub fn render(
        &self,
        lang: Lang,
        file: &str,
        vars: &serde_json::Value,
    ) -> Result<String, FixError> {
        let name = format!("{}/{file}", lang.code());
        let err = |e: minijinja::Error| FixError::Template {
            name: name.clone(),
            message: e.to_string(),
        };
        let t = self.env.get_template(&name).map_err(err)?;
        t.render(minijinja::value::Serde(vars)).map_err(err)
    }

    /// The variables `templates/<lang>/<file>` loops over (`{% for item in done %}`): lists, so
    /// one `--var done=x` is a list of one item, not a string looped over character by character.
    pub fn list_variables(&self, lang: Lang, file: &str) -> Vec<String> {
        static FOR: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = FOR.get_or_init(|| {
            regex::Regex::new(r"\{%-?\s*for\s+\w+(?:\s*,\s*\w+)?\s+in\s+(\w+)").expect("valid")
        });
        let name = format!("{}/{file}", lang.code());
        let source = self
            .user
            .as_ref()
            .map(|d| d.join(&name))
            .filter(|p| p.is_file())
            .and_then(|p| std::fs::read_to_string(p).ok())
            .or_else(|| {
                BUILTIN
                    .get_file(&name)
                    .and_then(|f| f.contents_utf8())
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let mut names: Vec<String> = re
            .captures_iter(&source)
            .map(|c| c[1].to_string())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Every template name (without language folder and extension), built-in and the user's.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = BUILTIN
            .dirs()
            .flat_map(|d| d.files())
            .filter_map(|f| f.path().file_stem()?.to_str().map(str::to_string))
            .collect();
        if let Some(d) = &self.user {
            for lang in Lang::ALL {
                if let Ok(entries) = std::fs::read_dir(d.join(lang.code())) {
                    names.extend(
                        entries
                            .flatten()
                            .filter_map(|e| e.path().file_stem()?.to_str().map(str::to_string)),
                    );
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_and_user_templates() {
        let t = Templates::new(None);
        let out = t
            .render(
                Lang::It,
                "next-steps.txt",
                &serde_json::json!({"items": ["mandami il logo"]}),
            )
            .unwrap();
        assert!(
            out.contains("Prossimi passi") && out.contains("- mandami il logo"),
            "{out}"
        );
        let html = t
            .render(
                Lang::En,
                "next-steps.html",
                &serde_json::json!({"items": ["a <b>"]}),
            )
            .unwrap();
        assert!(html.contains("a &lt;b&gt;"), "HTML is escaped: {html}");

        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("en")).unwrap();
        std::fs::write(
            dir.path().join("en/next-steps.txt"),
            "What now:\n{% for i in items %}* {{ i }}\n{% endfor %}",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("en/thanks.txt"),
            "Subject: Thanks\n\nThanks!\n",
        )
        .unwrap();
        let t = Templates::new(Some(dir.path().to_path_buf()));
        let out = t
            .render(
                Lang::En,
                "next-steps.txt",
                &serde_json::json!({"items": ["x"]}),
            )
            .unwrap();
        assert_eq!(out.trim_end(), "What now:\n* x");
        assert!(t.names().contains(&"thanks".to_string()));
        assert!(t.names().contains(&"holding-reply".to_string()));
    }

    #[test]
    fn list_variables_are_the_looped_ones() {
        let t = Templates::new(None);
        assert_eq!(
            t.list_variables(Lang::En, "weekly-status.txt"),
            ["done", "next", "waiting_on_client"]
        );
        assert!(t.list_variables(Lang::En, "holding-reply.txt").is_empty());
    }

    #[test]
    fn every_builtin_template_renders_in_every_language() {
        let t = Templates::new(None);
        let vars = serde_json::json!({
            "name": "Anna", "sender_name": "Marco", "items": ["one", "two"], "received": "x",
            "by_date": "Friday", "week": "23–27 November", "slot1": "Monday", "slot2": "Tuesday",
            "form_link": "https://example.com/f", "ship_date": "Monday", "days": 5, "order": "12",
            "done": ["a"], "next": ["b"], "waiting_on_client": ["c"], "link": "https://example.com",
        });
        for name in t.names() {
            for lang in Lang::ALL {
                for ext in ["txt", "html"] {
                    let file = format!("{name}.{ext}");
                    if t.exists(lang, &file) {
                        let out = t.render(lang, &file, &vars).unwrap();
                        assert!(
                            !out.contains("{{") && !out.trim().is_empty(),
                            "{lang}/{file}"
                        );
                    }
                }
            }
        }
    }
}
