//! Panics that are allowed to cost one piece of work only. A third-party parser or renderer
//! may panic on hostile input; inside `contained` that panic becomes `None`, and the
//! process's panic hooks (which restore the terminal and leave) let it pass.

use std::cell::Cell;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// `work()`, or `None` when it panicked.
pub fn contained<T>(work: impl FnOnce() -> T) -> Option<T> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.ok()
}

/// Whether the panic being handled on this thread happened inside `contained`.
pub fn is_contained() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_none_and_the_mark_is_gone_after() {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        assert_eq!(contained(|| 2 + 2), Some(4));
        assert_eq!(contained(|| -> u8 { panic!("hostile input") }), None);
        std::panic::set_hook(hook);
        assert!(!is_contained());
    }
}
