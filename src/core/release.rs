//! Which release of Dossier this is, and what a step to another one asks of the user.
//!
//! A release is `Cargo.toml`'s version (`MAJOR.MINOR.PATCH`), written into `sw.js` by
//! `scripts/postbuild.mjs` too, so a running app can ask a waiting worker which release
//! it brings. A step to a new *major* release may change how data is stored, so the
//! update notice asks for a backup before it (docs/DEPLOY.md, "Updates"). As semver
//! has it, while the major is 0 the minor counts as the major: 0.1 → 0.2 is such a step.

use std::cmp::Ordering;
use std::fmt;

/// The release this build is.
pub const CURRENT: &str = env!("CARGO_PKG_VERSION");

/// The database schema (`storage::migrations::SchemaVersion`) each release since 0.1.0
/// brings a store to, newest last. A schema step changes how data is stored, so it is a
/// major step: a release that brings one is a new major release (the minor while the
/// major is 0), or the update notice would not ask for a backup before it. A test fails
/// when the schema moves and this table (and `Cargo.toml`'s version) does not.
pub const SCHEMAS: &[(&str, u32)] = &[("0.1.0", 10)];

/// A release number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Release {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl Release {
    /// Reads `MAJOR.MINOR.PATCH`, with an optional `-pre` or `+build` part left out.
    /// Anything else is `None`: a worker that names no release, or names it oddly.
    pub fn parse(text: &str) -> Option<Release> {
        let core = text.trim().split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| {
            (!p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())
                .flatten()
        });
        let release = Release {
            major: parts.next()??,
            minor: parts.next()??,
            patch: parts.next()??,
        };
        parts.next().is_none().then_some(release)
    }

    /// This build's release.
    pub fn current() -> Release {
        Release::parse(CURRENT).expect("Cargo.toml's version is MAJOR.MINOR.PATCH")
    }

    /// The part that says data may be stored differently: the major, or the minor
    /// while the major is 0.
    fn breaking(self) -> (u32, u32) {
        if self.major == 0 {
            (0, self.minor)
        } else {
            (self.major, 0)
        }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// What the step from the running release to a waiting one is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The same release rebuilt, a fix or new features: data is stored as before.
    Compatible,
    /// A new major release: it may change how data is stored. Back up first.
    Major,
    /// An older release than this one (a server rolled back): its build cannot open
    /// data this one has upgraded, so back up and ask IT before switching.
    Older,
    /// The waiting worker names no release it can be compared by (one built before
    /// releases were named): said as a major step, the careful reading.
    Unknown,
}

/// The step from `running` to what the waiting worker said (`None`: it said nothing).
pub fn step(running: Release, waiting: Option<&str>) -> Step {
    let Some(waiting) = waiting.and_then(Release::parse) else {
        return Step::Unknown;
    };
    match waiting.breaking().cmp(&running.breaking()) {
        Ordering::Greater => Step::Major,
        Ordering::Less => Step::Older,
        Ordering::Equal if waiting < running => Step::Older,
        Ordering::Equal => Step::Compatible,
    }
}

impl Step {
    /// Whether the notice asks for a backup before switching.
    pub fn asks_for_backup(self) -> bool {
        !matches!(self, Step::Compatible)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Release {
        Release::parse(text).unwrap()
    }

    #[test]
    fn this_build_names_its_release() {
        assert_eq!(Release::current().to_string(), CURRENT);
    }

    #[test]
    fn releases_read_as_semver_writes_them() {
        assert_eq!(
            r("1.2.3"),
            Release {
                major: 1,
                minor: 2,
                patch: 3
            }
        );
        assert_eq!(
            r(" 0.10.0 "),
            Release {
                major: 0,
                minor: 10,
                patch: 0
            }
        );
        assert_eq!(r("2.0.0-rc.1"), r("2.0.0"));
        assert_eq!(r("2.0.0+build.7"), r("2.0.0"));
        assert!(r("0.10.0") > r("0.9.9"), "by number, not by text");
        for odd in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "a.b.c",
            "1..3",
            "-1.2.3",
            "1.2.x",
            "1.2.99999999999",
            "v1.2.3",
            "__DOSSIER_RELEASE__",
        ] {
            assert_eq!(Release::parse(odd), None, "{odd:?}");
        }
    }

    /// The table the update notice follows: (running, waiting, step).
    const STEPS: &[(&str, Option<&str>, Step)] = &[
        // A rebuild, a fix, new features: no backup asked.
        ("0.1.0", Some("0.1.0"), Step::Compatible),
        ("0.1.0", Some("0.1.7"), Step::Compatible),
        ("1.2.3", Some("1.9.0"), Step::Compatible),
        // While the major is 0, a new minor may change the stored data.
        ("0.1.4", Some("0.2.0"), Step::Major),
        ("0.9.0", Some("1.0.0"), Step::Major),
        ("1.9.9", Some("2.0.0"), Step::Major),
        ("1.0.0", Some("3.1.0"), Step::Major),
        // Backwards: the older build could not open upgraded data.
        ("0.2.0", Some("0.1.9"), Step::Older),
        ("2.0.0", Some("1.9.0"), Step::Older),
        ("1.4.2", Some("1.4.1"), Step::Older),
        // A worker that says nothing, or nonsense.
        ("0.1.0", None, Step::Unknown),
        ("0.1.0", Some("__DOSSIER_RELEASE__"), Step::Unknown),
        ("0.1.0", Some(""), Step::Unknown),
    ];

    #[test]
    fn each_step_of_the_table() {
        for &(running, waiting, expected) in STEPS {
            assert_eq!(
                step(r(running), waiting),
                expected,
                "{running} → {waiting:?}"
            );
        }
    }

    /// The newest schema, read from the migrations' own source.
    fn latest_schema() -> u32 {
        let source = include_str!("../storage/migrations.rs");
        let marker = "pub const LATEST: SchemaVersion = SchemaVersion::V";
        let at = source.find(marker).expect("migrations.rs names its LATEST") + marker.len();
        let digits: String = source[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().unwrap()
    }

    #[test]
    fn a_schema_step_comes_with_a_new_major_release() {
        let &(release, schema) = SCHEMAS.last().unwrap();
        assert_eq!(
            (release, schema),
            (CURRENT, latest_schema()),
            "the schema moved: bump Cargo.toml's version to a new major (the minor while \
             the major is 0) and add its row to release::SCHEMAS"
        );
        for pair in SCHEMAS.windows(2) {
            let (older, newer) = (r(pair[0].0), r(pair[1].0));
            assert!(pair[1].1 >= pair[0].1, "schemas only go forward: {pair:?}");
            if pair[1].1 > pair[0].1 {
                assert_eq!(step(older, Some(pair[1].0)), Step::Major, "{pair:?}");
            } else {
                assert!(newer > older, "{pair:?}");
            }
        }
    }

    #[test]
    fn only_a_compatible_step_goes_without_a_backup() {
        assert!(!Step::Compatible.asks_for_backup());
        for s in [Step::Major, Step::Older, Step::Unknown] {
            assert!(s.asks_for_backup(), "{s:?}");
        }
    }
}
