//! `campusdesk-admin`: headless commands for administrators and scripts. It signs in like
//! anyone else (except when it creates a campus), so the core's permission checks apply here
//! too. The database key comes from `--key-file`, `CAMPUSDESK_KEY_FILE`, `CAMPUSDESK_DB_KEY`,
//! or the OS keychain, in that order.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use campusdesk_core::{KeySource, Office, OpenOptions, Session, SystemClock, demo};
use campusdesk_shared::office::{NewCampus, NewUser, SignIn};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "campusdesk-admin",
    version,
    about = "CampusDesk administration from the command line"
)]
struct Cli {
    /// The campus database (default: CAMPUSDESK_DB, else the per-user data folder).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// A file holding the database key (made when `init` creates a campus and it is missing).
    #[arg(long, global = true)]
    key_file: Option<PathBuf>,
    /// Username to act as (commands other than init and demo).
    #[arg(long, global = true, env = "CAMPUSDESK_USER")]
    user: Option<String>,
    /// That user's password.
    #[arg(
        long,
        global = true,
        env = "CAMPUSDESK_PASSWORD",
        hide_env_values = true
    )]
    password: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Creates a new campus database with its first school admin; prints the recovery key.
    Init {
        #[arg(long)]
        school: String,
        #[arg(long)]
        campus: String,
        /// Short campus code, e.g. GIS.
        #[arg(long)]
        code: String,
        /// This PC's code, e.g. PC1.
        #[arg(long, default_value = "PC1")]
        device: String,
        #[arg(long, default_value = "")]
        address: String,
        #[arg(long)]
        admin_username: String,
        #[arg(long)]
        admin_name: String,
        #[arg(long, env = "CAMPUSDESK_ADMIN_PASSWORD", hide_env_values = true)]
        admin_password: String,
    },
    /// Creates a demo campus with sample users and `--students` students.
    Demo {
        #[arg(long, default_value_t = 500)]
        students: usize,
    },
    /// Adds a user.
    AddUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// One of: super_admin, school_admin, principal, teacher, student, parent, accountant, receptionist.
        #[arg(long)]
        role: String,
        #[arg(long, env = "CAMPUSDESK_NEW_PASSWORD", hide_env_values = true)]
        new_password: String,
    },
    /// Imports students with guardians from a CSV file (all or nothing).
    Import {
        file: PathBuf,
        /// Only check the file and report problems; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Exports every student with guardians as CSV (Excel/LibreOffice-friendly UTF-8).
    Export { file: PathBuf },
    /// Makes an integrity-checked encrypted copy of the database.
    Backup { dest: PathBuf },
}

fn main() {
    if let Err(error) = run(Cli::parse()) {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

fn open_options(cli: &Cli) -> OpenOptions {
    let mut options = OpenOptions::from_env_or_default(cli.db.clone());
    if let Some(file) = &cli.key_file {
        options.key = KeySource::File(file.clone());
    }
    options
}

fn sign_in(office: &Office, cli: &Cli) -> anyhow::Result<Session> {
    let (Some(username), Some(password)) = (&cli.user, &cli.password) else {
        bail!(
            "this command needs --user and --password (or CAMPUSDESK_USER and CAMPUSDESK_PASSWORD)"
        );
    };
    Ok(office.sign_in(&SignIn {
        username: username.clone(),
        password: password.clone(),
    })?)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let options = open_options(&cli);
    let clock = Arc::new(SystemClock);
    match &cli.command {
        Command::Init {
            school,
            campus,
            code,
            device,
            address,
            admin_username,
            admin_name,
            admin_password,
        } => {
            let (_office, recovery) = Office::create(
                &options,
                clock,
                &NewCampus {
                    school_name: school.clone(),
                    campus_name: campus.clone(),
                    campus_code: code.clone(),
                    device_code: device.clone(),
                    address: address.clone(),
                    admin_username: admin_username.clone(),
                    admin_full_name: admin_name.clone(),
                    admin_password: admin_password.clone(),
                },
            )?;
            println!(
                "Created {} ({}) at {}",
                recovery.campus_name,
                recovery.campus_code,
                options.path.display()
            );
            println!();
            println!(
                "RECOVERY KEY (print it and keep it safe; it opens this database and its backups on another PC):"
            );
            println!("    {}", recovery.key);
        }
        Command::Demo { students } => {
            let started = std::time::Instant::now();
            let (_office, _admin) = demo::create_demo_campus(&options, clock, *students)?;
            println!(
                "Created a demo campus with {students} students at {} in {:.1} s",
                options.path.display(),
                started.elapsed().as_secs_f64()
            );
            println!("Sign in as:");
            for (username, password, role) in demo::DEMO_USERS {
                println!("    {username:<10} {password:<14} ({role})");
            }
        }
        Command::AddUser {
            username,
            full_name,
            role,
            new_password,
        } => {
            let mut office = Office::open(&options, clock)?;
            let session = sign_in(&office, &cli)?;
            office.create_user(
                &session,
                &NewUser {
                    username: username.clone(),
                    full_name: full_name.clone(),
                    role: role.clone(),
                    password: new_password.clone(),
                },
            )?;
            println!("Added {username} as {role}");
        }
        Command::Import { file, dry_run } => {
            let mut office = Office::open(&options, clock)?;
            let session = sign_in(&office, &cli)?;
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            let (_, mapping) = campusdesk_core::roster::suggest_mapping(&bytes)?;
            let mut last_shown = 0;
            let report = office.import_students(
                &session,
                &bytes,
                &mapping,
                *dry_run,
                &mut |done, total| {
                    let percent = done * 100 / total.max(1);
                    if percent >= last_shown + 10 {
                        last_shown = percent;
                        eprint!("\r{percent:>3}%");
                    }
                },
            )?;
            eprintln!();
            for problem in &report.problems {
                println!(
                    "row {:>6}  column {:<24} {}",
                    problem.row, problem.column, problem.reason
                );
            }
            if !report.problems.is_empty() {
                bail!(
                    "{} problem(s) in {} rows; nothing was imported",
                    report.problems.len(),
                    report.rows_read
                );
            }
            println!(
                "{} {} rows: {} new, {} updated, {} unchanged students; {} new guardians",
                if report.dry_run {
                    "Checked"
                } else {
                    "Imported"
                },
                report.rows_read,
                report.students_new,
                report.students_updated,
                report.students_unchanged,
                report.guardians_new
            );
        }
        Command::Export { file } => {
            let office = Office::open(&options, clock)?;
            let session = sign_in(&office, &cli)?;
            let mut out = std::io::BufWriter::new(
                std::fs::File::create(file)
                    .with_context(|| format!("creating {}", file.display()))?,
            );
            let count = office.export_students(&session, &mut out)?;
            out.flush()?;
            println!("Exported {count} students to {}", file.display());
        }
        Command::Backup { dest } => {
            let office = Office::open(&options, clock)?;
            let session = sign_in(&office, &cli)?;
            office.backup(&session, dest)?;
            println!("Backed up to {} (integrity checked)", dest.display());
        }
    }
    Ok(())
}
