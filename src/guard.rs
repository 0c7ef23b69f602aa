//! A panic inside a dependency (or a bug of ours) must not take a whole run down: each message
//! is read and checked inside [`guarded`], which turns a panic into an error the caller reports
//! as a note or a skipped message, and keeps the default hook's "panicked at" text off the
//! terminal for panics it catches (other panics print as usual).

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many `guarded` calls are running on this thread.
    static GUARDED: Cell<usize> = const { Cell::new(0) };
    /// The last caught panic's message on this thread.
    static MESSAGE: Cell<Option<String>> = const { Cell::new(None) };
}

/// Runs `f`; a panic in it comes back as `Err(message)` (the panic's own message, or
/// "unknown panic"). The values `f` touched are not used again by the callers (each call reads
/// one message), so unwind safety is asserted.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) > 0 {
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let what = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                MESSAGE.with(|m| m.set(Some(format!("{what}{at}"))));
            } else {
                default(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get() - 1));
    result.map_err(|_| {
        MESSAGE
            .with(Cell::take)
            .unwrap_or_else(|| "unknown panic".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        assert_eq!(guarded(|| 7), Ok(7));
        let e = guarded(|| -> u8 { panic!("inside a dependency") }).unwrap_err();
        assert!(e.starts_with("inside a dependency at "), "{e}");
        let e = guarded(|| {
            let v: Vec<u8> = Vec::new();
            v[usize::from(v.is_empty())]
        })
        .unwrap_err();
        assert!(e.contains("index out of bounds"), "{e}");
        // Nested: the inner one is caught, the outer goes on.
        assert_eq!(guarded(|| guarded(|| panic!("x")).is_err()), Ok(true));
    }
}
