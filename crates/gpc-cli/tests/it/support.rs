//! A simulator per test (removed with its folder afterwards), running `gpc` against it, and
//! reading what it printed.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use chrono::{DateTime, FixedOffset, Utc};
use gpconnect_sim::{SimConfig, SimOptions, Simulator};
use serde_json::Value;

/// A running simulator whose data folder is deleted when the test ends.
pub struct Sandbox {
    pub sim: Simulator,
    /// The folder removed at the end (the data folder or one holding it).
    root: PathBuf,
}

/// Dr Claire Jones, GP at Y90001, the stand-in's single-role demo user.
pub const JONES: (&str, &str) = ("555000000001", "555000000101");

/// The keyring service every `gpc` run of this test process uses (a test keyring, see
/// `scripts/test.sh`); sessions are kept apart by the simulator's issuer.
pub fn keyring_service() -> String {
    format!("uk.nhs.gpconnect.gpc.test-{}", std::process::id())
}

impl Sandbox {
    /// A simulator, signed in to (as Dr Claire Jones) with `gpc login`.
    pub async fn start() -> Self {
        let sandbox = Self::start_signed_out().await;
        sandbox.login(JONES.0, JONES.1).await.expect_exit(0);
        sandbox
    }

    /// A simulator, with no one signed in.
    pub async fn start_signed_out() -> Self {
        let options = SimOptions::temporary(SimConfig::demo());
        let root = options.data_dir.clone();
        let sim = Simulator::start(options).await.unwrap();
        Self { sim, root }
    }

    /// Runs `gpc login` with a "browser" that hands the sign-in address to this test, which
    /// answers the stand-in's sign-in page as `uid` in role `role` (as a person would).
    pub async fn login(&self, uid: &str, role: &str) -> Run {
        let dir = self.root.join(format!("browser-{}", uuid_like()));
        std::fs::create_dir_all(&dir).unwrap();
        let url_file = dir.join("url");
        let script = dir.join("open.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s' \"$1\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
                url_file.display()
            ),
        )
        .unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let profile = self.profile();
        let args = ["--profile", profile.to_str().unwrap(), "login"];
        let env = [("GPC_BROWSER", script.as_path())];
        let command = gpc_env(&args, &env);
        let reply = gpconnect_sim::cis2::browser::Answer::SignIn {
            uid: uid.to_owned(),
            role_id: role.to_owned(),
        };
        let driver = async {
            for _ in 0..200 {
                if let Ok(url) = std::fs::read_to_string(&url_file) {
                    return gpconnect_sim::cis2::browser::answer(&url, &reply).await;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err("gpc login opened no browser".to_owned())
        };
        let (run, driven) = tokio::join!(command, driver);
        driven.unwrap();
        run
    }

    /// A simulator whose data folder is `{root}/gpconnect-sim`, as the binary's default
    /// is `$XDG_DATA_HOME/gpconnect-sim`.
    pub async fn start_in_data_home() -> Self {
        let root = std::env::temp_dir().join(format!("gpc-test-{}", uuid_like()));
        let mut options = SimOptions::temporary(SimConfig::demo());
        options.data_dir = root.join("gpconnect-sim");
        let sim = Simulator::start(options).await.unwrap();
        let sandbox = Self { sim, root };
        sandbox.login(JONES.0, JONES.1).await.expect_exit(0);
        sandbox
    }

    /// The folder holding the simulator's data folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The profile the simulator wrote.
    pub fn profile(&self) -> PathBuf {
        self.sim.profile_path()
    }

    /// A file in the simulator's folder (removed with it).
    pub fn file(&self, name: &str) -> PathBuf {
        self.sim.data_dir().join(name)
    }

    /// Runs `gpc --profile <the simulator's profile> --data-dir <this sandbox's> args…`.
    pub async fn gpc(&self, args: &[&str]) -> Run {
        let data = self.data_dir();
        let mut all = vec!["--data-dir", data.to_str().unwrap()];
        all.extend_from_slice(args);
        gpc_with_profile(&self.profile(), &all).await
    }

    /// gpc's data directory (journal and audit trail) for this sandbox.
    pub fn data_dir(&self) -> PathBuf {
        self.root.join("gpc-data")
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.sim.shutdown();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}-{nanos}", std::process::id())
}

/// What one run of `gpc` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn expect_exit(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Standard output parsed as JSON (it must be valid JSON).
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs the `gpc` binary with `args`, with no profile or SDS key from the environment.
pub async fn gpc_raw(args: &[&str]) -> Run {
    gpc_env(args, &[]).await
}

/// Runs the `gpc` binary with `args` and these environment variables set (and no
/// `GPC_PROFILE` or `GPC_SDS_API_KEY` unless set here).
pub async fn gpc_env(args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_gpc"));
    command
        .args(args)
        .env_remove("GPC_PROFILE")
        .env_remove("GPC_SDS_API_KEY")
        // Never the user's own journal: a fresh one unless the test gives one.
        .env(
            "GPC_DATA_DIR",
            std::env::temp_dir().join(format!("gpc-data-{}", uuid_like())),
        )
        .env_remove("GPC_BROWSER")
        .env("GPC_KEYRING_SERVICE", keyring_service())
        .stdin(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().await.unwrap();
    Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Runs `gpc --profile PROFILE args…`.
pub async fn gpc_with_profile(profile: &Path, args: &[&str]) -> Run {
    let profile = profile.to_str().unwrap();
    let all: Vec<&str> = ["--profile", profile]
        .iter()
        .chain(args.iter())
        .copied()
        .collect();
    gpc_raw(&all).await
}

pub fn datetime(value: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap()).unwrap()
}

pub fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
}

/// Free slots at `ods` over `days` days, as `gpc --json slots` prints them.
pub async fn slots(sandbox: &Sandbox, ods: &str, days: &str) -> Vec<Value> {
    let run = sandbox
        .gpc(&["--json", "slots", "--practice", ods, "--days", days])
        .await;
    run.expect_exit(0);
    run.json().as_array().unwrap().clone()
}

/// A slot starting at least an hour from now (well past any minimum notice).
pub fn later_slot(slots: &[Value]) -> Value {
    let soon = Utc::now() + chrono::Duration::hours(1);
    slots
        .iter()
        .find(|s| datetime(&s["start"]) > soon)
        .expect("a slot an hour or more ahead")
        .clone()
}

/// Two adjacent slots of one schedule, delivery channel and slot type, an hour or more
/// ahead.
pub fn adjacent_pair(slots: &[Value]) -> (Value, Value) {
    let soon = Utc::now() + chrono::Duration::hours(1);
    slots
        .iter()
        .filter(|a| datetime(&a["start"]) > soon)
        .find_map(|a| {
            slots
                .iter()
                .find(|b| {
                    datetime(&b["start"]) == datetime(&a["end"])
                        && b["scheduleId"] == a["scheduleId"]
                        && b["deliveryChannel"] == a["deliveryChannel"]
                        && b["slotType"] == a["slotType"]
                })
                .map(|b| (a.clone(), b.clone()))
        })
        .expect("two adjacent slots")
}

/// The UK day and time of a slot's start as gpc shows them, e.g. `Mon 23 Nov 2026`.
pub fn uk_day(value: &Value) -> String {
    gpconnect::time::uk_local(datetime(value).with_timezone(&Utc))
        .format("%a %-d %b %Y")
        .to_string()
}

/// DAWES Minnie's patient id at Dr Legg's (A20047).
pub async fn dawes_id(sandbox: &Sandbox) -> String {
    let run = sandbox
        .gpc(&[
            "--json",
            "patient",
            "find",
            "--practice",
            "A20047",
            "--nhs-number",
            "9476719931",
        ])
        .await;
    run.expect_exit(0);
    text(&run.json()[0]["id"]).to_owned()
}

/// Books `slots` at `ods` for DAWES Minnie (by NHS number); returns the appointment JSON.
pub async fn book(sandbox: &Sandbox, ods: &str, slot_ids: &[&str], description: &str) -> Value {
    let mut args = vec![
        "--json",
        "book",
        "--practice",
        ods,
        "--nhs-number",
        "947 671 9931",
        "--description",
        description,
    ];
    for id in slot_ids {
        args.extend(["--slot", id]);
    }
    let run = sandbox.gpc(&args).await;
    run.expect_exit(0);
    run.json()
}
