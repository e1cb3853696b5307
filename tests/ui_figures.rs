//! The desktop app's figures, measured on the release build in its real webview:
//!
//! - `ui_cold_start_ms`: from starting the app's process to the sign-in screen drawn (the UI
//!   tells the shell after the first animation frame, and the shell logs "screen ready");
//! - `ui_search_keystroke_ms`: with 100,000 students, from the search box's `input` event of
//!   one more typed character to the list redrawn (the first animation frame after the page
//!   changed), for real key presses sent through WebDriver;
//! - `ui_idle_pss_mb`: the proportional set size of the app and every process under it (the
//!   WebKit web and network processes), summed from `/proc/<pid>/smaps_rollup`, after signing
//!   in and leaving the student list idle.
//!
//! Each figure is printed as `bench <name> <value> <unit>` lines with the median and the 99th
//! percentile over repeated runs. `cargo xtask bench` builds the release app, UI and CLI and
//! runs this under Xvfb; it needs tauri-driver like the end-to-end tests.

// Timings and memory sizes are measurements, not money: floats are right for them.
#![allow(clippy::float_arithmetic)]

#[path = "webview.rs"]
mod webview;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::json;

use webview::{
    APP_START, App, Build, DB_KEY_HEX, Failure, POLL, STEP, built_binary, create_demo_campus_with,
    ensure, processes_with_env, sign_in, wait_for_element, wait_for_text,
};

/// Students in the campus the figures run on, as the issue asks.
const STUDENTS: u32 = 100_000;
const COLD_STARTS: usize = 12;
const MEMORY_RUNS: usize = 3;
/// How long the app sits idle after sign-in before its memory is read.
const IDLE: Duration = Duration::from_secs(5);
/// Words typed into the search, one character at a time: names the demo campus uses, an
/// admission number and a guardian phone prefix.
const TYPED: &[&str] = &[
    "sharma", "arjun", "meera", "patel", "kabir", "reddy", "isha", "nair", "dhruv", "iyer",
    "kavya", "verma", "gvs/0", "98001",
];

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("ui figures: no async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(figures()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("ui figures failed: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn figures() -> Result<(), Failure> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("campus.db");
    let made = Instant::now();
    create_demo_campus_with(Build::Release, &db, STUDENTS)?;
    println!(
        "ui figures: demo campus of {STUDENTS} students made in {:.1} s",
        made.elapsed().as_secs_f64()
    );

    let mut starts = Vec::with_capacity(COLD_STARTS);
    for _ in 0..COLD_STARTS {
        starts.push(cold_start(&db)?);
    }
    report("ui_cold_start_ms", "ms", &mut starts);

    let mut memory = Vec::with_capacity(MEMORY_RUNS);
    let mut keystrokes = Vec::new();
    for run in 0..MEMORY_RUNS {
        let app = App::launch_build("ui-figures", &db, Build::Release).await?;
        let last = run + 1 == MEMORY_RUNS;
        let result = signed_in_figures(
            &app.client,
            &db,
            &mut memory,
            last.then_some(&mut keystrokes),
        )
        .await;
        app.finish(result).await?;
    }
    report("ui_idle_pss_mb", "MB", &mut memory);
    report("ui_search_keystroke_ms", "ms", &mut keystrokes);
    Ok(())
}

/// Starts the release app on `db` and waits for its log to say the sign-in screen is drawn.
fn cold_start(db: &Path) -> Result<f64, Failure> {
    let app = built_binary(Build::Release, "campusdesk")?;
    let started = Instant::now();
    let mut child = Command::new(&app)
        .arg("--db")
        .arg(db)
        .env("CAMPUSDESK_DB", db)
        .env("CAMPUSDESK_DB_KEY", DB_KEY_HEX)
        .env_remove("CAMPUSDESK_KEY_FILE")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        // The shell logs to stdout.
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("could not start {}: {error}", app.display()))?;
    let log = child
        .stdout
        .take()
        .ok_or("the app's log was not captured")?;
    let (drawn, heard) = mpsc::channel();
    // The reader runs until the app exits, so the pipe never fills and blocks the app.
    std::thread::spawn(move || {
        let mut told = false;
        for line in BufReader::new(log).lines().map_while(Result::ok) {
            if !told && line.contains("screen ready") && line.contains("sign-in") {
                told = true;
                let _ = drawn.send(started.elapsed());
            }
        }
    });
    let outcome = heard.recv_timeout(APP_START);
    stop_everything_on(db, &mut child);
    let elapsed = outcome.map_err(|_| {
        format!(
            "the app did not report the sign-in screen within {} s",
            APP_START.as_secs()
        )
    })?;
    Ok(elapsed.as_secs_f64() * 1000.0)
}

/// Stops the app and whatever it started (WebKit, and the accessibility bus GTK launches),
/// all recognised by the database path in their environment, and waits for the app to go.
fn stop_everything_on(db: &Path, child: &mut std::process::Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
        std::thread::sleep(POLL);
    }
    let _ = child.kill();
    let _ = child.wait();
    for (pid, _) in processes_with_env("CAMPUSDESK_DB", db) {
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
    }
    // Leftovers need a moment to exit before the next start competes with them.
    std::thread::sleep(Duration::from_millis(500));
}

async fn signed_in_figures(
    client: &Client,
    db: &Path,
    memory: &mut Vec<f64>,
    keystrokes: Option<&mut Vec<f64>>,
) -> Result<(), Failure> {
    wait_for_element(client, "#field-username", APP_START).await?;
    sign_in(client, "frontdesk", "frontdesk123").await?;
    wait_for_text(client, ".toolbar-count", STEP, |text| !text.is_empty()).await?;
    tokio::time::sleep(IDLE).await;
    memory.push(app_tree_pss_mb(db)?);
    if let Some(samples) = keystrokes {
        type_and_time(client, samples).await?;
    }
    Ok(())
}

/// Types each word of [`TYPED`] a character at a time, timing each character from its `input`
/// event to the list redrawn. The page's own clock takes both times, so WebDriver's round trips
/// are not counted.
async fn type_and_time(client: &Client, samples: &mut Vec<f64>) -> Result<(), Failure> {
    // The page keeps the times itself: the start at the search box's `input` event, the end
    // at the first animation frame after the list shows that keystroke's answer (the list's
    // `data-shown-search` changes with every answer, also one that leaves the rows as they
    // were). `last` moves on any change of the page, for `settle`.
    client
        .execute(
            "const k = window.__keystroke = { start: 0, end: 0, last: performance.now() };
             document.querySelector('input.search').addEventListener('input', () => {
                 k.start = performance.now(); k.end = 0; k.last = k.start;
             }, true);
             new MutationObserver((changes) => {
                 k.last = performance.now();
                 if (changes.some(c => c.attributeName === 'data-shown-search')) {
                     const started = k.start;
                     requestAnimationFrame(() => {
                         if (started > 0 && k.start === started && k.end === 0) k.end = performance.now();
                     });
                 }
             }).observe(document.querySelector('.students'),
                 { childList: true, subtree: true, characterData: true, attributes: true });",
            vec![],
        )
        .await?;
    let search = wait_for_element(client, "input.search", STEP).await?;
    let mut missed = 0;
    for word in TYPED {
        // Esc empties the search box and brings back the whole list.
        search.send_keys("\u{E00C}").await?;
        settle(client).await?;
        for character in word.chars() {
            client
                .execute(
                    "window.__keystroke.start = 0; window.__keystroke.end = 0;",
                    vec![],
                )
                .await?;
            search.send_keys(&character.to_string()).await?;
            match redraw_time(client).await? {
                Some(ms) => samples.push(ms),
                None => missed += 1,
            }
            settle(client).await?;
        }
    }
    println!("ui figures: {} keystrokes timed", samples.len());
    ensure(
        missed == 0,
        format!("{missed} keystrokes never got their search answered and drawn within 3 s"),
    )
}

/// The time from the last `input` event to the redraw after it, once it has happened.
async fn redraw_time(client: &Client) -> Result<Option<f64>, Failure> {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let times = client
            .execute(
                "const k = window.__keystroke; return [k.start, k.end];",
                vec![],
            )
            .await?;
        let times: Vec<f64> = serde_json::from_value(times).unwrap_or_default();
        if let [start, end] = times[..]
            && start > 0.0
            && end > 0.0
        {
            return Ok(Some(end - start));
        }
        if Instant::now() > deadline {
            return Ok(None);
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Waits until the page has not changed for 200 ms, so that one keystroke's work never
/// overlaps the next one's.
async fn settle(client: &Client) -> Result<(), Failure> {
    let deadline = Instant::now() + STEP;
    loop {
        let quiet = client
            .execute(
                "return performance.now() - window.__keystroke.last > 200;",
                vec![],
            )
            .await?;
        if quiet == json!(true) {
            return Ok(());
        }
        ensure(Instant::now() < deadline, "the student list never settled")?;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The summed PSS, in MiB, of the app started on `db` and every process below it.
fn app_tree_pss_mb(db: &Path) -> Result<f64, Failure> {
    let app = processes_with_env("CAMPUSDESK_DB", db)
        .into_iter()
        .find(|(_, name)| name == "campusdesk")
        .map(|(pid, _)| pid)
        .ok_or("the app's process was not found")?;
    let mut tree = vec![app];
    let mut index = 0;
    while index < tree.len() {
        let parent = tree[index];
        tree.extend(children_of(parent));
        index += 1;
    }
    let mut kib = 0_u64;
    let mut parts = Vec::new();
    for pid in &tree {
        let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .map_err(|error| format!("could not read the memory of process {pid}: {error}"))?;
        let own = rollup
            .lines()
            .find_map(|line| line.strip_prefix("Pss:"))
            .and_then(|value| {
                value
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .ok_or_else(|| format!("process {pid} reports no Pss"))?;
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        parts.push(format!("{} {:.1} MB", name.trim(), own as f64 / 1024.0));
        kib += own;
    }
    println!("ui figures: idle app tree: {}", parts.join(", "));
    Ok(kib as f64 / 1024.0)
}

fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            // The parent is the fourth field of /proc/<pid>/stat, after the name in brackets
            // (which may itself hold spaces).
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    let after_name = stat.rsplit_once(')')?.1.to_owned();
                    after_name.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(parent)
        })
        .collect()
}

/// Prints the median as `bench <name> <value> <unit>` and the 99th percentile (nearest rank)
/// as `bench <name>_p99 …` with the unit suffix kept last (`ui_cold_start_p99_ms`).
fn report(name: &str, unit: &str, samples: &mut [f64]) {
    samples.sort_by(f64::total_cmp);
    if samples.is_empty() {
        println!("ui figures: no samples for {name}");
        return;
    }
    let rank = |p: f64| {
        let index = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len()) - 1;
        samples[index]
    };
    let p99_name = match name.rsplit_once('_') {
        Some((stem, suffix)) => format!("{stem}_p99_{suffix}"),
        None => format!("{name}_p99"),
    };
    println!("bench {name} {:.1} {unit}", rank(0.5));
    println!("bench {p99_name} {:.1} {unit}", rank(0.99));
    println!(
        "ui figures: {name} over {} runs: min {:.1}, max {:.1} {unit}",
        samples.len(),
        samples[0],
        samples[samples.len() - 1]
    );
}
