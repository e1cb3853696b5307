//! The local store: one SQLCipher-encrypted SQLite file per campus office PC, opened with the
//! same pragmas everywhere and brought up to date by the refinery migrations embedded from the
//! workspace's `migrations/` folder. This module and its children are where connections are
//! opened; every write to a synced table goes through [`changes::ChangeWriter`].

pub mod changes;
pub mod key;
pub mod tables;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, CoreResult};
pub use key::{DbKey, KeySource};

mod embedded {
    refinery::embed_migrations!("../migrations");
}

/// The schema version this build writes; stamped on every change record so that a change made
/// by an older or newer PC can be recognised (and upcast) when it arrives.
pub fn schema_version() -> i64 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}

/// Where a campus database is and how to get its key.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub path: PathBuf,
    pub key: KeySource,
}

impl OpenOptions {
    /// The database named by `db` or `CAMPUSDESK_DB`, else the per-user default; its key from
    /// `CAMPUSDESK_KEY_FILE` or `CAMPUSDESK_DB_KEY` when set (headless use), else the keychain.
    pub fn from_env_or_default(db: Option<PathBuf>) -> OpenOptions {
        let path = db
            .or_else(|| std::env::var_os("CAMPUSDESK_DB").map(PathBuf::from))
            .unwrap_or_else(default_db_path);
        let key = if let Some(file) = std::env::var_os("CAMPUSDESK_KEY_FILE") {
            KeySource::File(PathBuf::from(file))
        } else if std::env::var_os(key::KEY_ENV).is_some() {
            KeySource::Env
        } else {
            KeySource::Keychain
        };
        OpenOptions { path, key }
    }
}

/// `campus.db` in the operating system's per-user data directory
/// (`~/.local/share/campusdesk` on Linux, `%APPDATA%\CampusDesk` on Windows).
pub fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("in", "CampusDesk", "CampusDesk")
        .map(|dirs| dirs.data_dir().join("campus.db"))
        .unwrap_or_else(|| PathBuf::from("campus.db"))
}

/// Opens a connection to `path`; the one place any connection in the project is made.
///
/// SQLite's own `sqlite3_initialize` marks the library initialised *before* it runs SQLCipher's
/// extra initialisation, so a second thread that opens a connection in that window sees
/// SQLCipher uninitialised and its `PRAGMA key` fails ("PRAGMA key requires a key of one or
/// more characters"). Two PCs' worth of connections opened at once in the tests hit it on CI.
/// Initialising once, behind a lock that makes every other thread wait for it, closes the
/// window.
pub fn connect(path: &Path, flags: OpenFlags) -> CoreResult<Connection> {
    static INITIALISED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    // Opening any connection runs sqlite3_initialize to its end, SQLCipher's part included;
    // the OnceLock makes every other thread wait until it has.
    INITIALISED
        .get_or_init(|| {
            Connection::open_in_memory()
                .map(drop)
                .map_err(|error| error.to_string())
        })
        .clone()
        .map_err(|error| {
            CoreError::Internal(format!("the database library failed to start: {error}"))
        })?;
    Ok(Connection::open_with_flags(path, flags)?)
}

/// Opens (or, with `create`, makes) the database file with `key`, applies the pragmas every
/// connection uses and runs pending migrations. A wrong key is told apart from a damaged file.
pub fn open_connection(path: &Path, key: &DbKey, create: bool) -> CoreResult<Connection> {
    if !create && !path.exists() {
        return Err(CoreError::NoDatabase {
            path: path.display().to_string(),
        });
    }
    if create && path.exists() {
        return Err(CoreError::DatabaseExists {
            path: path.display().to_string(),
        });
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let mut conn = connect(path, flags)?;
    apply_key(&conn, key)?;
    configure(&conn)?;
    if !create {
        backup_before_migrating(&mut conn, path, key)?;
    }
    embedded::migrations::runner().run(&mut conn)?;
    Ok(conn)
}

/// When this build brings migrations an existing database has not had yet, keeps a copy of the
/// database as it was (`campus.db.before-v<N>`, same key) before touching it: a migration that
/// goes wrong on a school's only PC must not cost the school its data.
fn backup_before_migrating(conn: &mut Connection, path: &Path, key: &DbKey) -> CoreResult<()> {
    let runner = embedded::migrations::runner();
    let has_history: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE name = 'refinery_schema_history'",
        [],
        |row| row.get(0),
    )?;
    let applied = if has_history == 0 {
        0
    } else {
        runner
            .get_last_applied_migration(conn)?
            .map_or(0, |m| m.version())
    };
    let latest = runner
        .get_migrations()
        .iter()
        .map(refinery::Migration::version)
        .max()
        .unwrap_or(0);
    if applied >= latest {
        return Ok(());
    }
    let mut dest = path.as_os_str().to_owned();
    dest.push(format!(".before-v{latest}"));
    let dest = PathBuf::from(dest);
    if dest.exists() {
        // An earlier attempt at the same migration already kept the original.
        return Ok(());
    }
    tracing::info!(from = applied, to = latest, backup = %dest.display(), "backing up before migrating");
    backup_to(conn, key, &dest)
}

/// Gives SQLCipher the raw 256-bit key. A raw key skips the passphrase derivation (PBKDF2),
/// which would otherwise cost ~100 ms on every open. The first read proves the key.
pub(crate) fn apply_key(conn: &Connection, key: &DbKey) -> CoreResult<()> {
    // SQLCipher would otherwise print its own decryption errors to stderr on a wrong key; the
    // caller gets CoreError::KeyWrong instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.hex()))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(CoreError::KeyWrong)
        }
        Err(other) => Err(other.into()),
    }
}

/// The pragmas every connection runs with: WAL so readers never block the writer, foreign keys
/// on, a busy timeout so a second process waits instead of failing, and NORMAL sync (durable
/// in WAL mode except against power loss in the last moments, which the sync server covers),
/// and a 64 MB page cache so that the pages search and admission touch stay decrypted in memory
/// (SQLCipher decrypts and authenticates a page on every cache miss).
fn configure(conn: &Connection) -> CoreResult<()> {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;",
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Moves the write-ahead log into the database from a thread of its own, so that no save in
/// the app ever waits for a checkpoint (SQLite would otherwise run one inside whichever commit
/// crosses the WAL's size limit, a stall of several milliseconds). Passive checkpoints never
/// block the writer. The thread stops when this value is dropped.
#[derive(Debug)]
pub struct Checkpointer {
    stop: std::sync::Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    const EVERY: std::time::Duration = std::time::Duration::from_millis(250);

    /// Turns off the automatic checkpoints of `conn` and starts the background one on a second
    /// connection to the same file.
    pub fn start(conn: &Connection, path: &Path, key: &DbKey) -> CoreResult<Checkpointer> {
        let second = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&second, key)?;
        second.busy_timeout(std::time::Duration::from_secs(1))?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let stop = std::sync::Arc::new((std::sync::Mutex::new(false), std::sync::Condvar::new()));
        let signal = stop.clone();
        let thread = std::thread::Builder::new().name("wal-checkpoint".into()).spawn(move || {
            let (lock, wake) = &*signal;
            let mut stopped = lock.lock().unwrap_or_else(|p| p.into_inner());
            while !*stopped {
                let (guard, _) = wake.wait_timeout(stopped, Self::EVERY).unwrap_or_else(|p| p.into_inner());
                stopped = guard;
                if let Err(error) = second.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::warn!(%error, "background checkpoint failed; the next one will retry");
                }
            }
        })?;
        Ok(Checkpointer {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(|p| p.into_inner()) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Copies the database to `dest` with `VACUUM INTO` (a consistent snapshot, encrypted with the
/// same key) and proves the copy with `PRAGMA integrity_check` before reporting success.
pub fn backup_to(conn: &Connection, key: &DbKey, dest: &Path) -> CoreResult<()> {
    if dest.exists() {
        return Err(CoreError::Io(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already exists", dest.display()),
        )));
    }
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    conn.execute("VACUUM INTO ?1", [dest.to_string_lossy()])?;
    let copy = connect(dest, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    apply_key(&copy, key)?;
    let verdict: String = copy.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if verdict != "ok" {
        drop(copy);
        let _ = std::fs::remove_file(dest);
        return Err(CoreError::Internal(format!(
            "the backup failed its integrity check: {verdict}"
        )));
    }
    Ok(())
}
