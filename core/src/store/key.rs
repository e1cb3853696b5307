//! The database key: 32 random bytes made on first run, kept in the OS keychain (never in a
//! file beside the database), shown once as a printable recovery key that opens the database
//! and its backups on another PC. Headless use may pass it by environment or key file instead.

use std::path::{Path, PathBuf};

use data_encoding::{BASE32_NOPAD, HEXLOWER_PERMISSIVE};

use crate::error::{CoreError, CoreResult};

/// Environment variable holding the key (hex or recovery form) for headless use.
pub const KEY_ENV: &str = "CAMPUSDESK_DB_KEY";
const KEYCHAIN_SERVICE: &str = "CampusDesk";

/// A 256-bit SQLCipher key.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material into logs.
        f.write_str("DbKey(..)")
    }
}

impl DbKey {
    pub fn from_bytes(bytes: [u8; 32]) -> DbKey {
        DbKey(bytes)
    }

    pub fn generate() -> CoreResult<DbKey> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| CoreError::Internal(format!("no randomness for a database key: {e}")))?;
        Ok(DbKey(bytes))
    }

    pub fn hex(&self) -> String {
        HEXLOWER_PERMISSIVE.encode(&self.0)
    }

    /// The printable form: base32 in groups of four, e.g. `ABCD-EFGH-...` (13 groups).
    pub fn recovery_text(&self) -> String {
        let text = BASE32_NOPAD.encode(&self.0);
        text.as_bytes()
            .chunks(4)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Reads either form: 64 hex digits, or the recovery text (case, spaces and dashes ignored).
    pub fn parse(text: &str) -> CoreResult<DbKey> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>();
        let bytes = if compact.len() == 64 && compact.chars().all(|c| c.is_ascii_hexdigit()) {
            HEXLOWER_PERMISSIVE.decode(compact.as_bytes()).ok()
        } else {
            BASE32_NOPAD
                .decode(compact.to_ascii_uppercase().as_bytes())
                .ok()
        };
        match bytes.and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok()) {
            Some(bytes) => Ok(DbKey(bytes)),
            None => Err(CoreError::invalid(
                "recovery_key",
                "That is not a CampusDesk recovery key: it should be 13 groups of 4 letters and digits",
            )),
        }
    }
}

/// Where the key of a database comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// `CAMPUSDESK_DB_KEY` (hex or recovery form).
    Env,
    /// A key file named on the command line; made (mode 0600) when a new campus is created.
    File(PathBuf),
    /// The OS keychain entry for this database file.
    Keychain,
    /// A key already in hand (tests, a typed-in recovery key).
    Raw(DbKey),
}

impl KeySource {
    /// The key of an existing database.
    pub fn load(&self, db_path: &Path) -> CoreResult<DbKey> {
        match self {
            KeySource::Env => match std::env::var(KEY_ENV) {
                Ok(text) => DbKey::parse(&text),
                Err(_) => Err(CoreError::KeyMissing {
                    detail: format!("{KEY_ENV} is not set"),
                }),
            },
            KeySource::File(file) => {
                let text = std::fs::read_to_string(file).map_err(|e| CoreError::KeyMissing {
                    detail: format!("the key file {} could not be read: {e}", file.display()),
                })?;
                DbKey::parse(&text)
            }
            KeySource::Keychain => {
                let entry = keychain_entry(db_path)?;
                match entry.get_password() {
                    Ok(text) => DbKey::parse(&text),
                    Err(keyring::Error::NoEntry) => Err(CoreError::KeyMissing {
                        detail: "the keychain has no key for this database".into(),
                    }),
                    Err(other) => Err(CoreError::KeyMissing {
                        detail: format!("the keychain could not be reached: {other}"),
                    }),
                }
            }
            KeySource::Raw(key) => Ok(key.clone()),
        }
    }

    /// The key for a new database: made and stored (keychain, key file) or taken as given.
    pub fn create(&self, db_path: &Path) -> CoreResult<DbKey> {
        match self {
            KeySource::Env | KeySource::Raw(_) => self.load(db_path),
            KeySource::File(file) if file.exists() => self.load(db_path),
            KeySource::File(file) => {
                let key = DbKey::generate()?;
                write_private(file, &key.hex())?;
                Ok(key)
            }
            KeySource::Keychain => {
                let key = DbKey::generate()?;
                keychain_entry(db_path)?.set_password(&key.hex()).map_err(|e| {
                    CoreError::KeyMissing {
                        detail: format!(
                            "the key could not be saved in the keychain ({e}); for headless use set {KEY_ENV} or pass a key file"
                        ),
                    }
                })?;
                Ok(key)
            }
        }
    }

    /// Puts a typed-in recovery key where this source keeps keys, so the next start opens the
    /// database without asking (keychain), or does nothing for sources the user controls.
    pub fn remember(&self, db_path: &Path, key: &DbKey) -> CoreResult<()> {
        match self {
            KeySource::Keychain => keychain_entry(db_path)?
                .set_password(&key.hex())
                .map_err(|e| CoreError::KeyMissing {
                    detail: format!("the keychain refused the key: {e}"),
                }),
            KeySource::Env | KeySource::File(_) | KeySource::Raw(_) => Ok(()),
        }
    }
}

/// One keychain entry per database file, named by the file's absolute path.
fn keychain_entry(db_path: &Path) -> CoreResult<keyring::Entry> {
    let absolute = std::path::absolute(db_path).unwrap_or_else(|_| db_path.to_path_buf());
    keyring::Entry::new(
        KEYCHAIN_SERVICE,
        &format!("database-key:{}", absolute.display()),
    )
    .map_err(|e| CoreError::KeyMissing {
        detail: format!("the keychain could not be opened: {e}"),
    })
}

fn write_private(file: &Path, contents: &str) -> CoreResult<()> {
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    let mut handle = options.open(file)?;
    handle.write_all(contents.as_bytes())?;
    handle.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_text_round_trips_in_any_case_and_spacing() {
        let key = DbKey::from_bytes([7; 32]);
        let text = key.recovery_text();
        assert_eq!(text.split('-').count(), 13);
        assert_eq!(DbKey::parse(&text).unwrap(), key);
        assert_eq!(
            DbKey::parse(&text.to_lowercase().replace('-', " ")).unwrap(),
            key
        );
        assert_eq!(DbKey::parse(&key.hex()).unwrap(), key);
    }

    #[test]
    fn a_mistyped_recovery_key_is_refused_with_a_sentence() {
        let error = DbKey::parse("ABCD-EFGH").unwrap_err();
        assert!(error.to_string().contains("13 groups"), "{error}");
    }
}
