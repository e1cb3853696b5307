//! Time, passed in. The wall clock is a trait object so tests (and the sync simulator) control
//! it; the hybrid logical clock orders profile edits across PCs and never runs backwards, even
//! when a PC's wall clock does.

use std::sync::Mutex;

use chrono::{DateTime, TimeZone, Utc};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that moves only when told to, for tests.
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock(Mutex::new(start))
    }

    /// Starts at the given `yyyy-mm-dd` date, 09:00 UTC.
    pub fn at_date(date: &str) -> Self {
        let day =
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("test date is yyyy-mm-dd");
        let time = day.and_hms_opt(9, 0, 0).expect("09:00 exists");
        ManualClock::new(Utc.from_utc_datetime(&time))
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A hybrid logical clock reading: wall milliseconds in the high 48 bits and a counter in the
/// low 16, so that plain integer order is HLC order and it fits an SQLite INTEGER.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc(pub i64);

const COUNTER_BITS: u32 = 16;
const COUNTER_MASK: i64 = (1 << COUNTER_BITS) - 1;

impl Hlc {
    pub fn new(millis: i64, counter: i64) -> Self {
        Hlc((millis << COUNTER_BITS) | (counter & COUNTER_MASK))
    }

    pub fn millis(self) -> i64 {
        self.0 >> COUNTER_BITS
    }

    pub fn counter(self) -> i64 {
        self.0 & COUNTER_MASK
    }

    /// The next reading for a local event: the wall time if it moved forward, else one more
    /// than the last reading (which spills into the milliseconds when the counter is full).
    pub fn tick(self, wall_millis: i64) -> Hlc {
        if wall_millis > self.millis() {
            Hlc::new(wall_millis, 0)
        } else {
            Hlc(self.0 + 1)
        }
    }

    /// The reading after receiving a remote event stamped `remote`: later than both.
    pub fn receive(self, remote: Hlc, wall_millis: i64) -> Hlc {
        let latest = self.max(remote);
        if wall_millis > latest.millis() {
            Hlc::new(wall_millis, 0)
        } else {
            Hlc(latest.0 + 1)
        }
    }

    pub fn to_datetime(self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.millis())
            .single()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_never_goes_back_when_the_wall_clock_does() {
        let start = Hlc::new(1_000, 0);
        let after_jump_back = start.tick(500);
        assert!(after_jump_back > start);
        assert_eq!(after_jump_back.millis(), 1_000);
        assert_eq!(after_jump_back.tick(2_000), Hlc::new(2_000, 0));
    }

    #[test]
    fn counter_overflow_spills_into_milliseconds() {
        let full = Hlc::new(7, COUNTER_MASK);
        let next = full.tick(7);
        assert!(next > full);
        assert_eq!(next, Hlc::new(8, 0));
    }

    #[test]
    fn receive_is_later_than_both_sides() {
        let local = Hlc::new(1_000, 3);
        let remote = Hlc::new(5_000, 9);
        let merged = local.receive(remote, 2_000);
        assert!(merged > local && merged > remote);
        assert_eq!(merged, Hlc::new(5_000, 10));
    }
}
