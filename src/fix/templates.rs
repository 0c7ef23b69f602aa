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
            let fail = |message: String| {
                minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, message)
            };
            if let Some(d) = &dir
                && let Some(p) = user_file(d, name).map_err(fail)?
            {
                return std::fs::read_to_string(&p)
                    .map(Some)
                    .map_err(|e| fail(format!("{}: {e}", p.display())));
            }
            if !plain_name(name) {
                return Err(fail(format!(
                    "`{name}` is not a template name: templates are named like `en/thanks.txt`, \
                     inside the templates folder"
                )));
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
        self.user
            .as_ref()
            .is_some_and(|d| user_file(d, &name).is_ok_and(|p| p.is_some()))
            || (plain_name(&name) && BUILTIN.get_file(&name).is_some())
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

/// A template name as a relative path of plain parts: no root, no `..`, no `.`, no NUL.
fn plain_name(name: &str) -> bool {
    use std::path::Component;
    !name.is_empty()
        && !name.contains('\0')
        && !name.contains('\\')
        && std::path::Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The user's template `name` in `dir`, if there is one; an error for a name or a file that
/// would read outside `dir` (an absolute name, `..`, a symbolic link that leads out).
fn user_file(dir: &std::path::Path, name: &str) -> Result<Option<PathBuf>, String> {
    let outside = || {
        format!(
            "`{name}`: templates are read only from inside {} (no absolute paths, no `..`, no \
             links that lead out of it)",
            dir.display()
        )
    };
    if !plain_name(name) {
        return Err(outside());
    }
    let p = dir.join(name);
    if !p.is_file() {
        return Ok(None);
    }
    let (Ok(real), Ok(root)) = (p.canonicalize(), dir.canonicalize()) else {
        return Err(outside());
    };
    if !real.starts_with(&root) {
        return Err(outside());
    }
    Ok(Some(real))
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

    /// Trust boundaries 3: a user template reads nothing outside its folder.
    #[test]
    fn user_templates_are_confined_to_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "TOP-SECRET").unwrap();
        let tpl = dir.path().join("tpl");
        std::fs::create_dir_all(tpl.join("en/parts")).unwrap();
        std::fs::write(tpl.join("en/parts/sig.txt"), "-- Marta").unwrap();
        let cases = [
            ("abs", format!("{{% include \"{}\" %}}", secret.display())),
            ("etc", "{% include \"/etc/hostname\" %}".to_string()),
            ("proc", "{% include \"/proc/self/environ\" %}".to_string()),
            (
                "dotdot",
                "{% include \"en/../../secret.txt\" %}".to_string(),
            ),
        ];
        for (name, text) in &cases {
            std::fs::write(tpl.join(format!("en/{name}.txt")), text).unwrap();
        }
        std::os::unix::fs::symlink(&secret, tpl.join("en/link.txt")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", tpl.join("en/passwd.txt")).unwrap();
        std::fs::write(tpl.join("en/inc.txt"), "{% include \"en/link.txt\" %}").unwrap();
        std::fs::write(
            tpl.join("en/ok.txt"),
            "Hi\n{% include \"en/parts/sig.txt\" %}",
        )
        .unwrap();
        let t = Templates::new(Some(tpl.clone()));
        for name in ["abs", "etc", "proc", "dotdot", "link", "passwd", "inc"] {
            let e = t
                .render(Lang::En, &format!("{name}.txt"), &serde_json::json!({}))
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("templates are read only from inside"),
                "{name}: {e}"
            );
            assert!(
                !e.contains("TOP-SECRET") && !e.contains("root:"),
                "{name}: {e}"
            );
        }
        assert!(!t.exists(Lang::En, "link.txt"));
        assert!(!t.exists(Lang::En, "../secret.txt"));
        let out = t
            .render(Lang::En, "ok.txt", &serde_json::json!({}))
            .unwrap();
        assert_eq!(out, "Hi\n-- Marta");
        // A link inside the folder is fine.
        std::os::unix::fs::symlink(tpl.join("en/ok.txt"), tpl.join("en/alias.txt")).unwrap();
        assert!(
            t.render(Lang::En, "alias.txt", &serde_json::json!({}))
                .is_ok()
        );
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
