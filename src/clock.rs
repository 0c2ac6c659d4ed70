//! The one clock (时钟): "today" for every rule, report and screen, and the wall-clock time
//! kept in the 操作日志, `entered_at` and backup names. Nothing else in the program reads the
//! machine's date (`tests/clock.rs` fails if anything does).
//!
//! "Today" is, in this order: a day fixed for the current thread ([`fix_today`], for tests
//! that need a particular day; threads started through [`Inherit`] see it too), the day in
//! `BIANZHI_TODAY=YYYY-MM-DD` (for the app, the command line and the whole test suite), or
//! the machine's date. Only the calendar date moves: [`now`] and [`timestamp`] always give
//! the real time, so the log never records a time that did not happen.

use chrono::{DateTime, Datelike, Local, NaiveDate};
use std::cell::Cell;
use std::sync::OnceLock;

/// The environment variable that moves "today".
pub const TODAY_VAR: &str = "BIANZHI_TODAY";

thread_local! {
    static FIXED: Cell<Option<NaiveDate>> = const { Cell::new(None) };
}

/// `BIANZHI_TODAY`, read once: `Ok(None)` when unset, an explanation when it is not a date.
fn from_env() -> &'static Result<Option<NaiveDate>, String> {
    static DAY: OnceLock<Result<Option<NaiveDate>, String>> = OnceLock::new();
    DAY.get_or_init(|| match std::env::var(TODAY_VAR) {
        Err(_) => Ok(None),
        Ok(s) if s.trim().is_empty() => Ok(None),
        Ok(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("环境变量 {TODAY_VAR} 的值“{s}”不是日期，应写作 YYYY-MM-DD")),
    })
}

/// Checks `BIANZHI_TODAY` once at start, so that a mistyped day is refused with a message
/// instead of being ignored.
pub fn check_env() -> Result<(), String> {
    from_env().as_ref().map(|_| ()).map_err(Clone::clone)
}

/// Today's date.
pub fn today() -> NaiveDate {
    if let Some(d) = FIXED.with(Cell::get) {
        return d;
    }
    match from_env() {
        Ok(Some(d)) => *d,
        _ => now().date_naive(),
    }
}

/// The current year (of [`today`]).
pub fn this_year() -> i32 {
    today().year()
}

/// The real local time (never moved by `BIANZHI_TODAY`): for the 操作日志, `entered_at`,
/// backup names and the error log.
pub fn now() -> DateTime<Local> {
    Local::now()
}

/// [`now`] as the database and the logs store it: `YYYY-MM-DD HH:MM:SS`.
pub fn timestamp() -> String {
    now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Fixes "today" for the current thread until the guard is dropped.
#[must_use = "the day is fixed only while the guard lives"]
pub fn fix_today(day: NaiveDate) -> FixedToday {
    FixedToday {
        previous: FIXED.with(|f| f.replace(Some(day))),
    }
}

/// Restores the previous "today" of the thread when dropped.
pub struct FixedToday {
    previous: Option<NaiveDate>,
}

impl Drop for FixedToday {
    fn drop(&mut self) {
        FIXED.with(|f| f.set(self.previous));
    }
}

/// The current thread's fixed day, carried into a thread it starts: take it with
/// [`Inherit::capture`] before spawning and [`Inherit::enter`] it first thing in the thread.
#[derive(Clone, Copy)]
pub struct Inherit(Option<NaiveDate>);

impl Inherit {
    pub fn capture() -> Inherit {
        Inherit(FIXED.with(Cell::get))
    }

    /// Fixes the captured day (if any) for the rest of the current thread.
    pub fn enter(self) {
        FIXED.with(|f| f.set(self.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_day_holds_for_the_thread_and_its_children_until_dropped() {
        let before = today();
        let day = NaiveDate::from_ymd_opt(2031, 2, 14).unwrap();
        {
            let _g = fix_today(day);
            assert_eq!(today(), day);
            assert_eq!(this_year(), 2031);
            let inherit = Inherit::capture();
            let child = std::thread::spawn(move || {
                inherit.enter();
                today()
            });
            assert_eq!(child.join().unwrap(), day);
            let plain = std::thread::spawn(today).join().unwrap();
            assert_ne!(plain, day, "a thread not told keeps the process's day");
        }
        assert_eq!(today(), before);
    }

    #[test]
    fn the_real_time_is_not_moved() {
        let _g = fix_today(NaiveDate::from_ymd_opt(1999, 1, 1).unwrap());
        assert!(now().year() >= 2024, "{}", timestamp());
        assert!(!timestamp().starts_with("1999"));
    }
}
