//! Putting mailcheck in the path of every message: the git `sendemail-validate` hook, the
//! neomutt snippet, and the message a git hook is given (patch file plus SMTP headers).
//!
//! The hook texts are here, in one place; `mailcheck hook install` writes them and the README
//! shows them. An existing hook is never overwritten: it is kept and run first (`--chain`), or
//! the install is refused saying so.

use std::path::{Path, PathBuf};

use crate::msg;

/// The line that marks a file as written by mailcheck (so a re-install may replace it).
pub const MARKER: &str = "# mailcheck: installed by `mailcheck hook install";

/// The name a chained hook is kept under, next to ours.
pub const CHAINED_SUFFIX: &str = ".pre-mailcheck";

/// Errors of hook installation. Each names the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum HookError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} already exists and is not mailcheck's; nothing was changed. Keep it and run it \
         before mailcheck with `mailcheck hook install git --chain`, or remove it first"
    )]
    Exists { path: PathBuf },
    #[error("{path} already exists: move it away first, nothing was changed")]
    ChainTaken { path: PathBuf },
    #[error("not in a git repository (git rev-parse: {0})")]
    NotARepo(String),
    #[error(
        "{0}: the path has white space or quotes, which mail clients split: install mailcheck elsewhere"
    )]
    BadPath(PathBuf),
    /// A file could not be written (the message names it).
    #[error("{0}")]
    Write(crate::fix::FixError),
}

impl HookError {
    /// The error in `ui` (what the system said, as it said it).
    pub fn localized(&self, ui: crate::lang::Lang) -> String {
        let shown = |p: &Path| p.display().to_string();
        match self {
            HookError::Io { path, source } => format!("{}: {source}", path.display()),
            HookError::Exists { path } => msg!("hook-error-exists", path = shown(path)).text(ui),
            HookError::ChainTaken { path } => {
                msg!("hook-error-chain-taken", path = shown(path)).text(ui)
            }
            HookError::NotARepo(why) => msg!("hook-error-not-a-repo", why = why.as_str()).text(ui),
            HookError::BadPath(path) => msg!("hook-error-bad-path", path = shown(path)).text(ui),
            HookError::Write(e) => e.localized(ui),
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> HookError + '_ {
    move |source| HookError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `path` in single quotes for `sh`.
fn sh_quote(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', r"'\''"))
}

/// The `sendemail-validate` hook: runs the chained hook (if any) first, then
/// `mailcheck hook sendemail-validate "$@"`.
pub fn git_hook_script(exe: &Path, chained: bool) -> String {
    let mut s = String::from("#!/bin/sh\n");
    s.push_str(MARKER);
    s.push_str(
        " git`.\n\
         # git send-email runs it for every message before sending any: $1 is the patch or message\n\
         # file, $2 (git 2.42 and later) the SMTP headers. A non-zero exit aborts the send.\n\
         # Uninstall: delete this file",
    );
    if chained {
        s.push_str(&format!(
            " and rename sendemail-validate{CHAINED_SUFFIX} back.\n\
             # The hook that was here before, run first (skipped, as git skips it, while it is\n\
             # not executable):\n\
             if [ -x \"$0{CHAINED_SUFFIX}\" ]; then \"$0{CHAINED_SUFFIX}\" \"$@\" || exit $?; fi\n"
        ));
    } else {
        s.push_str(".\n");
    }
    s.push_str(&format!(
        "exec {} hook sendemail-validate \"$@\"\n",
        sh_quote(exe)
    ));
    s
}

/// The name mailcheck's hook is kept under when it held lines of the user's own.
pub const ORIG_SUFFIX: &str = ".orig";

/// Whether a hook holding the marker has nothing but what mailcheck writes (this version's
/// lines, or an earlier version's): then it may be replaced without a copy.
fn only_ours(text: &str) -> bool {
    let exe = Path::new("/x");
    let known: Vec<String> = [true, false]
        .iter()
        .flat_map(|&c| {
            git_hook_script(exe, c)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .chain([
            // Earlier versions.
            "# The hook that was here before, run first:".to_string(),
            format!("\"$0{CHAINED_SUFFIX}\" \"$@\" || exit $?"),
        ])
        .collect();
    text.lines().all(|l| {
        l.trim().is_empty()
            || known.iter().any(|k| k == l)
            || (l.starts_with("exec ") && l.ends_with(" hook sendemail-validate \"$@\""))
    })
}

/// What [`install_git_hook`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// Written where there was none.
    New(PathBuf),
    /// mailcheck's own hook, rewritten.
    Updated(PathBuf),
    /// mailcheck's hook, which held lines of the user's own: copied to `<hook>.orig` first.
    BackedUp { hook: PathBuf, backup: PathBuf },
    /// The existing hook moved to `<hook>.pre-mailcheck` and run first.
    Chained { hook: PathBuf, previous: PathBuf },
}

/// The hooks directory of the repository `repo` is in (`core.hooksPath` respected).
pub fn git_hooks_dir(repo: &Path) -> Result<PathBuf, HookError> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--path-format=absolute", "--git-path", "hooks"])
        .current_dir(repo)
        .output()
        .map_err(|e| HookError::NotARepo(e.to_string()))?;
    if !out.status.success() {
        return Err(HookError::NotARepo(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let dir = PathBuf::from(dir);
    Ok(if dir.is_relative() {
        repo.join(dir)
    } else {
        dir
    })
}

/// Writes `sendemail-validate` in `hooks_dir` (created if missing), running `exe`. A hook that
/// is not mailcheck's is kept: moved to `sendemail-validate.pre-mailcheck` and run first when
/// `chain`, else the install is refused.
pub fn install_git_hook(hooks_dir: &Path, exe: &Path, chain: bool) -> Result<Installed, HookError> {
    std::fs::create_dir_all(hooks_dir).map_err(io(hooks_dir))?;
    let hook = hooks_dir.join("sendemail-validate");
    let previous = hooks_dir.join(format!("sendemail-validate{CHAINED_SUFFIX}"));
    let existing = match std::fs::read(&hook) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(&hook)(e)),
    };
    let ours = existing
        .as_deref()
        .is_some_and(|b| String::from_utf8_lossy(b).contains(MARKER));
    let outcome = match existing {
        None => Installed::New(hook.clone()),
        Some(ref bytes) if ours && !only_ours(&String::from_utf8_lossy(bytes)) => {
            // mailcheck's hook with lines of the user's own: kept as `.orig` before it goes.
            let orig = hooks_dir.join(format!("sendemail-validate{ORIG_SUFFIX}"));
            if orig.exists() {
                return Err(HookError::ChainTaken { path: orig });
            }
            std::fs::copy(&hook, &orig).map_err(io(&orig))?;
            Installed::BackedUp {
                hook: hook.clone(),
                backup: orig,
            }
        }
        Some(_) if ours => Installed::Updated(hook.clone()),
        Some(_) if !chain => return Err(HookError::Exists { path: hook }),
        Some(_) => {
            if previous.exists() {
                return Err(HookError::ChainTaken { path: previous });
            }
            std::fs::rename(&hook, &previous).map_err(io(&hook))?;
            Installed::Chained {
                hook: hook.clone(),
                previous: previous.clone(),
            }
        }
    };
    let script = git_hook_script(exe, previous.exists());
    write_executable(&hook, script.as_bytes())?;
    Ok(outcome)
}

/// Writes a file with mode 0755 (temp file + rename, so a hook is never half written).
fn write_executable(path: &Path, bytes: &[u8]) -> Result<(), HookError> {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io(dir))?;
    tmp.write_all(bytes).map_err(io(path))?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o755))
        .map_err(io(path))?;
    tmp.persist(path).map_err(|e| io(path)(e.error))?;
    Ok(())
}

/// The neomutt lines that make every message go through the sendmail shim.
pub fn neomutt_snippet(exe: &Path) -> Result<String, HookError> {
    let shown = exe.to_string_lossy();
    if shown
        .chars()
        .any(|c| c.is_whitespace() || "'\"\\".contains(c))
    {
        return Err(HookError::BadPath(exe.to_path_buf()));
    }
    Ok(format!(
        "{MARKER} neomutt`.\n\
         # Every message goes through `mailcheck sendmail`: it is checked, then queued in the\n\
         # outbox (or sent at once with `[sendmail] mode = \"send\"`); a draft with errors is refused\n\
         # and neomutt shows why and keeps it.\n\
         set sendmail = \"{shown} sendmail\"\n\
         set sendmail_wait = 0\n"
    ))
}

/// Appends the neomutt snippet to `rc` unless it is already there. Returns whether it wrote.
pub fn append_neomutt_snippet(rc: &Path, snippet: &str) -> Result<bool, HookError> {
    let current = match std::fs::read_to_string(rc) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io(rc)(e)),
    };
    if current.contains(&format!("{MARKER} neomutt")) {
        return Ok(false);
    }
    if let Some(dir) = rc.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let sep = if current.is_empty() || current.ends_with("\n\n") {
        ""
    } else if current.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    // The whole file again, through a temporary file, fsync and rename (onto the file a link
    // leads to: a neomuttrc kept in a dotfiles repository stays a link); never half appended.
    let text = format!("{current}{sep}{snippet}");
    crate::fix::atomic_write(rc, text.as_bytes()).map_err(HookError::Write)?;
    Ok(true)
}

/// The header block and the body of a message (an mbox "From " first line dropped).
fn split_message(raw: &[u8]) -> (&[u8], &[u8]) {
    let mut raw = raw;
    if raw.starts_with(b"From ") {
        raw = match raw.iter().position(|&b| b == b'\n') {
            Some(p) => &raw[p + 1..],
            None => &[],
        };
    }
    let mut at = 0;
    while at < raw.len() {
        let end = raw[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(raw.len(), |p| at + p + 1);
        let line = &raw[at..end];
        if line == b"\n" || line == b"\r\n" {
            return (&raw[..at], &raw[end..]);
        }
        at = end;
    }
    (raw, &[])
}

/// The header fields of a header block, each with its continuation lines.
fn fields(block: &[u8]) -> Vec<&[u8]> {
    let mut out: Vec<&[u8]> = Vec::new();
    let mut start = None;
    let mut at = 0;
    while at < block.len() {
        let end = block[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(block.len(), |p| at + p + 1);
        let continued = matches!(block[at], b' ' | b'\t');
        if !continued {
            if let Some(s) = start {
                out.push(&block[s..at]);
            }
            start = Some(at);
        }
        at = end;
    }
    if let Some(s) = start {
        out.push(&block[s..]);
    }
    out
}

fn field_name(field: &[u8]) -> String {
    let colon = field.iter().position(|&b| b == b':').unwrap_or(0);
    String::from_utf8_lossy(&field[..colon])
        .trim()
        .to_ascii_lowercase()
}

/// The message git send-email is about to send, from what its `sendemail-validate` hook gets:
/// the patch file (`$1`, as `git format-patch` wrote it) and, from git 2.42, the SMTP headers
/// (`$2`: To, Cc, Subject, Message-ID... as they will be sent). Fields in the SMTP headers
/// replace the patch's fields of the same name; the body is the patch's. Without SMTP headers
/// the patch is the message as it is (its lines are the file's lines).
pub fn compose_sendemail(patch: &[u8], smtp_headers: Option<&[u8]>) -> Vec<u8> {
    let Some(smtp_headers) = smtp_headers.filter(|h| !h.iter().all(u8::is_ascii_whitespace)) else {
        return patch.to_vec();
    };
    let (head, body) = split_message(patch);
    let smtp = fields(split_message(smtp_headers).0);
    let names: Vec<String> = smtp.iter().map(|f| field_name(f)).collect();
    let mut out = Vec::with_capacity(patch.len() + 512);
    for f in &smtp {
        out.extend_from_slice(f);
        if !f.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    for f in fields(head) {
        if !names.contains(&field_name(f)) {
            out.extend_from_slice(f);
            if !f.ends_with(b"\n") {
                out.push(b'\n');
            }
        }
    }
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCH: &[u8] = b"From 1234abcd Mon Sep 17 00:00:00 2001\nFrom: A <a@example.com>\n\
        Subject: [PATCH 1/2] fix:\n the thing\n\nBody.\n---\ndiff --git a/x b/x\n";

    #[test]
    fn smtp_headers_replace_the_patchs_and_the_body_is_kept() {
        let smtp =
            b"From: A <a@example.com>\nTo: list@example.org\nSubject: [PATCH 1/2] fix: the thing\n";
        let m = String::from_utf8(compose_sendemail(PATCH, Some(smtp))).unwrap();
        assert_eq!(
            m,
            "From: A <a@example.com>\nTo: list@example.org\n\
             Subject: [PATCH 1/2] fix: the thing\n\nBody.\n---\ndiff --git a/x b/x\n"
        );
        assert_eq!(compose_sendemail(PATCH, None), PATCH);
        assert_eq!(compose_sendemail(PATCH, Some(b"\n")), PATCH);
    }

    #[test]
    fn an_existing_hook_is_chained_or_refused_never_clobbered() {
        let dir = tempfile::tempdir().unwrap();
        let hooks = dir.path().join("hooks");
        let exe = Path::new("/opt/it's/mailcheck");
        std::fs::create_dir_all(&hooks).unwrap();
        let hook = hooks.join("sendemail-validate");
        std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();
        let e = install_git_hook(&hooks, exe, false).unwrap_err();
        assert!(matches!(e, HookError::Exists { .. }), "{e}");
        assert_eq!(
            std::fs::read_to_string(&hook).unwrap(),
            "#!/bin/sh\necho mine\n"
        );

        let r = install_git_hook(&hooks, exe, true).unwrap();
        assert!(matches!(r, Installed::Chained { .. }), "{r:?}");
        let prev = hooks.join("sendemail-validate.pre-mailcheck");
        assert_eq!(
            std::fs::read_to_string(&prev).unwrap(),
            "#!/bin/sh\necho mine\n"
        );
        let text = std::fs::read_to_string(&hook).unwrap();
        assert!(
            text.contains("\"$0.pre-mailcheck\" \"$@\" || exit $?; fi"),
            "{text}"
        );
        assert!(
            text.contains(r"exec '/opt/it'\''s/mailcheck' hook sendemail-validate"),
            "{text}"
        );

        // Installing again updates ours and keeps the chain.
        let r = install_git_hook(&hooks, exe, false).unwrap();
        assert!(matches!(r, Installed::Updated(_)), "{r:?}");
        assert!(
            std::fs::read_to_string(&hook)
                .unwrap()
                .contains("pre-mailcheck")
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }

    /// Trust boundaries 14: git skips a hook that is not executable; the chained call does too.
    #[test]
    fn a_chained_hook_that_is_not_executable_is_skipped_as_git_skips_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let hooks = dir.path().join("hooks");
        std::fs::create_dir_all(&hooks).unwrap();
        let hook = hooks.join("sendemail-validate");
        std::fs::write(&hook, "#!/bin/sh\nexit 7\n").unwrap();
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o644)).unwrap();
        // `true` stands in for mailcheck: the hook's result is the chained hook's.
        install_git_hook(&hooks, Path::new("/bin/true"), true).unwrap();
        let run = || {
            std::process::Command::new(&hook)
                .arg("patch")
                .status()
                .unwrap()
                .code()
        };
        assert_eq!(run(), Some(0), "a disabled hook is skipped");
        let prev = hooks.join("sendemail-validate.pre-mailcheck");
        std::fs::set_permissions(&prev, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(
            run(),
            Some(7),
            "an enabled one runs first and its failure stops the send"
        );
    }

    /// Trust boundaries 15: a hook with the marker and lines of the user's own is kept as
    /// `.orig`; a hook of only mailcheck's lines is replaced as before.
    #[test]
    fn a_hook_with_the_marker_and_other_lines_is_backed_up() {
        let dir = tempfile::tempdir().unwrap();
        let hooks = dir.path().join("hooks");
        std::fs::create_dir_all(&hooks).unwrap();
        let hook = hooks.join("sendemail-validate");
        let exe = Path::new("/usr/bin/mailcheck");
        install_git_hook(&hooks, exe, false).unwrap();
        let mine = std::fs::read_to_string(&hook).unwrap() + "echo my own check\n";
        std::fs::write(&hook, &mine).unwrap();
        let r = install_git_hook(&hooks, exe, false).unwrap();
        let orig = hooks.join("sendemail-validate.orig");
        assert_eq!(
            r,
            Installed::BackedUp {
                hook: hook.clone(),
                backup: orig.clone()
            }
        );
        assert_eq!(std::fs::read_to_string(&orig).unwrap(), mine);
        assert!(!std::fs::read_to_string(&hook).unwrap().contains("my own"));
        // Only ours (also an earlier version's chain line): updated, no copy needed.
        std::fs::remove_file(&orig).unwrap();
        let old = git_hook_script(Path::new("/old/mailcheck"), false)
            + "\"$0.pre-mailcheck\" \"$@\" || exit $?\n";
        std::fs::write(&hook, old).unwrap();
        let r = install_git_hook(&hooks, exe, false).unwrap();
        assert_eq!(r, Installed::Updated(hook.clone()));
        assert!(!orig.exists());
        // A second backup never overwrites the first.
        std::fs::write(&hook, &mine).unwrap();
        std::fs::write(&orig, "first backup").unwrap();
        let e = install_git_hook(&hooks, exe, false).unwrap_err();
        assert!(matches!(e, HookError::ChainTaken { .. }), "{e}");
        assert_eq!(std::fs::read_to_string(&hook).unwrap(), mine);
    }

    #[test]
    fn the_neomutt_snippet_is_appended_once() {
        let dir = tempfile::tempdir().unwrap();
        let rc = dir.path().join("neomutt/neomuttrc");
        std::fs::create_dir_all(rc.parent().unwrap()).unwrap();
        std::fs::write(&rc, "set realname = \"A\"").unwrap();
        let s = neomutt_snippet(Path::new("/usr/bin/mailcheck")).unwrap();
        assert!(
            s.contains("set sendmail = \"/usr/bin/mailcheck sendmail\""),
            "{s}"
        );
        assert!(append_neomutt_snippet(&rc, &s).unwrap());
        assert!(!append_neomutt_snippet(&rc, &s).unwrap());
        let text = std::fs::read_to_string(&rc).unwrap();
        assert!(
            text.starts_with("set realname = \"A\"\n\n# mailcheck"),
            "{text}"
        );
        assert_eq!(text.matches("set sendmail =").count(), 1);
        assert!(neomutt_snippet(Path::new("/my apps/mailcheck")).is_err());
    }

    /// A neomuttrc kept in a dotfiles folder and linked into place stays a link, and a private
    /// one stays private; the lines go into the file the link leads to.
    #[test]
    fn the_neomutt_snippet_goes_through_a_link_and_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles/neomuttrc");
        std::fs::create_dir_all(real.parent().unwrap()).unwrap();
        std::fs::write(&real, "set realname = \"A\"\n").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let rc = dir.path().join("neomuttrc");
        std::os::unix::fs::symlink(&real, &rc).unwrap();
        let s = neomutt_snippet(Path::new("/usr/bin/mailcheck")).unwrap();
        assert!(append_neomutt_snippet(&rc, &s).unwrap());
        assert!(
            std::fs::symlink_metadata(&rc)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let text = std::fs::read_to_string(&real).unwrap();
        assert!(
            text.starts_with("set realname") && text.contains("set sendmail ="),
            "{text}"
        );
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
