//! The app's commands through Tauri's IPC (`tauri::test`, mock runtime, the real
//! `tauri.conf.json` and capabilities), in demo mode against the in-process simulator, with
//! the credentials in the real OS keyring (run under `dbus-run-session` with gnome-keyring
//! unlocked, as `scripts/test.sh` does).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use serde_json::{Value, json};
use tauri::Manager;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response};
use tauri::webview::InvokeRequest;

struct Harness {
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
}

impl Harness {
    fn start() -> Self {
        Self::start_with(|_| {})
    }

    /// Starts the app after `prepare` has put files in its (new) data directory.
    fn start_with(prepare: impl FnOnce(&std::path::Path)) -> Self {
        let unique = uuid::Uuid::new_v4();
        let data_dir = std::env::temp_dir().join(format!("gpc-commands-{unique}"));
        std::fs::create_dir_all(&data_dir).unwrap();
        prepare(&data_dir);
        let options = app_lib::AppOptions {
            data_dir: Some(data_dir),
            keyring_service: Some(format!("uk.nhs.gpconnect.booking.test-{unique}")),
        };
        let app = app_lib::builder_with(tauri::test::mock_builder(), options.clone())
            .build(tauri::generate_context!())
            .unwrap();
        // The event loop never runs here, so neither does the setup hook.
        app_lib::initialise(app.handle(), &options).unwrap();
        let webview = match app.get_webview_window("main") {
            Some(window) => window,
            None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
                .build()
                .unwrap(),
        };
        Self { _app: app, webview }
    }

    fn invoke(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.webview, request).map(|b| b.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, body: Value) -> Value {
        self.invoke(cmd, body)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err(&self, cmd: &str, body: Value) -> Value {
        self.invoke(cmd, body)
            .err()
            .unwrap_or_else(|| panic!("{cmd} should have failed"))
    }

    /// Signs in through the simulator's CIS2 stand-in as `uid` in role `role`: the real
    /// flow (discovery, the sign-in page answered, PKCE, the signed client assertion, the
    /// ID-token checks), over IPC.
    fn sign_in(&self, uid: &str, role: &str) -> Value {
        self.ok("sign_in_demo", json!({"uid": uid, "roleId": role}))
    }

    fn state(&self) -> tauri::State<'_, app_lib::state::AppState> {
        self.webview.state::<app_lib::state::AppState>()
    }

    /// Who the simulator's practices saw on each GP Connect request: (SDS user ID, role
    /// profile ID, requesting organisation), from the provider's side.
    fn requesters(&self) -> Vec<(String, Option<String>, String)> {
        self.state()
            .simulator_state()
            .unwrap()
            .requests()
            .into_iter()
            .map(|r| {
                (
                    r.requester.sds_user_id,
                    r.requester.sds_role_profile_id,
                    r.requester.org_ods,
                )
            })
            .collect()
    }
}

/// Dr Claire Jones, GP at Y90001 (one role).
const JONES: (&str, &str) = ("555000000001", "555000000101");
/// Sam Patel's second role, receptionist at Y90002.
const PATEL_Y90002: (&str, &str) = ("555000000002", "555000000202");

fn today() -> String {
    gpconnect::time::uk_date(chrono::Utc::now())
        .format("%Y-%m-%d")
        .to_string()
}

fn days_ahead(n: u64) -> String {
    gpconnect::time::uk_date(chrono::Utc::now())
        .checked_add_days(chrono::Days::new(n))
        .unwrap()
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn commands_over_ipc_in_demo_mode() {
    let app = Harness::start();

    // First run: demo mode, the simulated practices, the demo certificate from the keyring.
    let status = app.ok("app_status", json!({}));
    assert_eq!(status["environment"], "demo");
    assert_eq!(status["user"], "", "no one is signed in");
    assert_eq!(
        status["cis2KeyStored"], true,
        "the demo client's key is in the keyring"
    );

    // No session: nothing is sent, and the UI is told to sign in.
    let error = app.err(
        "search_slots",
        json!({"request": {"practices": ["A20047"], "from": today(), "to": days_ahead(1)}, "events": "__CHANNEL__:5"}),
    );
    assert_eq!(error["code"], "SIGN_IN_REQUIRED");
    assert!(app.requesters().is_empty(), "no request reached a practice");
    let session = app.ok("session_status", json!({"active": false}));
    assert_eq!(session["signedIn"], false);
    assert_eq!(session["demoUsers"].as_array().unwrap().len(), 4);

    let session = app.sign_in(JONES.0, JONES.1);
    assert_eq!(session["signedIn"], true);
    assert_eq!(session["user"]["sdsUserId"], "555000000001");
    assert_eq!(session["role"]["orgCode"], "Y90001");
    let text = serde_json::to_string(&session).unwrap();
    assert!(!text.contains("eyJ"), "no token crosses IPC");
    assert_eq!(status["practices"].as_array().unwrap().len(), 4);
    assert!(
        status["certificate"]["subject"]
            .as_str()
            .unwrap()
            .contains("gpconnect-booking.demo.local")
    );
    assert_eq!(status["problems"], json!([]));
    let settings = app.ok("get_settings", json!({}));
    assert!(
        settings["sspUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://127.0.0.1:")
    );
    let text = serde_json::to_string(&settings).unwrap();
    assert!(
        !text.contains("PRIVATE KEY"),
        "no key material in settings or IPC"
    );
    assert!(settings.get("user").is_none(), "the user is not a setting");

    // A command that is not allowed by the capability is refused.
    assert!(
        app.invoke("plugin:store|get", json!({"rid": 0, "key": "settings"}))
            .is_err()
    );

    // Invalid settings: one error shape {code, message, details.fields}.
    let mut broken = settings.clone();
    broken["organisation"]["odsCode"] = json!("??");
    broken["consumerAsid"] = json!("abc");
    let error = app.err("save_settings", json!({"settings": broken}));
    assert_eq!(error["code"], "VALIDATION");
    let fields: Vec<&str> = error["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["organisation.odsCode", "consumerAsid"]);

    // Search two practices; the summary counts what the events carried.
    let summary = app.ok(
        "search_slots",
        json!({"request": {"practices": ["A20047", "GPC001"], "from": today(), "to": days_ahead(13)}, "events": "__CHANNEL__:7"}),
    );
    assert_eq!(summary["practices"], 2);
    assert_eq!(summary["failed"], 0);
    assert!(summary["slots"].as_u64().unwrap() > 100);

    // Four practices, two given by ODS code alone (looked up in SDS), one of which SDS does
    // not know: it fails on its own and the other three are searched.
    assert_eq!(
        status["sdsApiKeyStored"], true,
        "demo mode stores its SDS key"
    );
    let mut with_unknown = settings.clone();
    let practices = with_unknown["practices"].as_array_mut().unwrap();
    practices[1]["providerRoot"] = json!("");
    practices[1]["asid"] = json!("");
    practices[3] = json!({"odsCode": "Z99999", "name": "", "providerRoot": "", "asid": ""});
    app.ok("save_settings", json!({"settings": with_unknown}));
    let summary = app.ok(
        "search_slots",
        json!({"request": {"practices": [], "from": today(), "to": days_ahead(6)}, "events": "__CHANNEL__:10"}),
    );
    assert_eq!(summary["practices"], 4);
    assert_eq!(summary["failed"], 1, "only the practice SDS does not know");
    assert!(summary["slots"].as_u64().unwrap() > 100);
    // Each practice once per session: the GP Connect version from /metadata, or the reason.
    let checks = app.ok("check_practices", json!({}));
    let checks = checks["practices"].as_array().unwrap();
    assert_eq!(checks.len(), 4);
    let versions: Vec<&Value> = checks.iter().map(|c| &c["gpConnectVersion"]).collect();
    assert_eq!(versions.iter().filter(|v| **v == "1.2.7").count(), 3);
    let failed = checks.iter().find(|c| c["odsCode"] == "Z99999").unwrap();
    assert!(
        failed["problem"].as_str().unwrap().contains("SDS"),
        "{failed}"
    );
    let metadata_reads = || {
        app.state()
            .simulator_state()
            .unwrap()
            .requests()
            .iter()
            .filter(|r| r.interaction_id.ends_with("read:metadata-1"))
            .count()
    };
    assert_eq!(metadata_reads(), 3);
    app.ok("check_practices", json!({}));
    assert_eq!(metadata_reads(), 3, "read once per session");
    // The SDS results are not written into the settings.
    let saved = app.ok("get_settings", json!({}));
    assert_eq!(saved["practices"][1]["providerRoot"], "");
    app.ok("save_settings", json!({"settings": settings}));

    // An invalid NHS number is refused before any call.
    let error = app.err(
        "find_patient",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "900 000 0008", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}}),
    );
    assert_eq!(error["code"], "VALIDATION");

    // Nothing reaches a practice for a patient not traced on PDS in this session (§5.4).
    let before = app.requesters().len();
    let error = app.err(
        "find_patient",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "947 671 9931", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}}),
    );
    assert_eq!(error["code"], "TRACE_REQUIRED");
    assert_eq!(app.requesters().len(), before, "nothing was sent");
    for nhs in ["947 671 9931", "9651258543", "9476719923", "9476719958"] {
        app.ok("trace_patient", json!({"request": {"nhsNumber": nhs}}));
    }

    // Found; the practice's record is compared with PDS's (name, birth, gender, address):
    // Minnie Dawes's agree.
    let lookup = app.ok(
        "find_patient",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "947 671 9931", "entered": {"familyName": "Dawes", "givenName": "Mary", "gender": null, "birthDate": "1952-05-31"}}}),
    );
    let patient = lookup["record"].clone();
    assert_eq!(patient["familyName"], "DAWES");
    assert_eq!(lookup["differences"], json!([]));
    // Dolly Banton moved: PDS has her new address, the practice the old one.
    let moved = app.ok(
        "find_patient",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "9476719958", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}}),
    );
    assert_eq!(moved["differences"][0]["field"], "address");
    assert!(
        moved["differences"][0]["entered"]
            .as_str()
            .unwrap()
            .contains("DN16 1HQ")
    );
    assert!(
        moved["differences"][0]["found"]
            .as_str()
            .unwrap()
            .contains("DN16 2BZ")
    );

    // Not found at the hub: register temporarily (every problem listed first).
    let lookup = app.ok(
        "find_patient",
        json!({"request": {"odsCode": "GPC001", "nhsNumber": "9651258543", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}}),
    );
    assert_eq!(lookup["record"], Value::Null);
    let registration = json!({
        "nhsNumber": "9651258543", "familyName": "Voce", "givenNames": ["Ramon"], "prefix": null,
        "birthDate": "1919-10-17", "gender": "male", "homeAddress": null, "temporaryAddress": null,
        "homePhone": null, "mobilePhone": "07700 900456", "workPhone": null, "temporaryPhone": null, "email": "not-an-email"
    });
    let entered = json!({"familyName": "Voce", "givenName": "Ramon", "gender": "male", "birthDate": "1919-10-17"});
    let error = app.err(
        "register_patient",
        json!({"request": {"odsCode": "GPC001", "registration": registration, "entered": entered}}),
    );
    assert_eq!(error["details"]["fields"][0]["field"], "email");
    let mut registration = registration;
    registration["email"] = Value::Null;
    let registered = app.ok(
        "register_patient",
        json!({"request": {"odsCode": "GPC001", "registration": registration, "entered": entered}}),
    );
    assert_eq!(registered["record"]["registrationType"], "T");
    assert_eq!(registered["differences"], json!([]));

    // Book: find a slot through the client used by the app's own connection.
    let slots = first_slots(&app, "A20047");
    let result = app.ok(
        "book_appointment",
        json!({"request": {"odsCode": "A20047", "patient": patient, "slots": [slots[0]], "description": "Asthma review", "comment": null}}),
    );
    assert_eq!(result["kind"], "booked");
    let confirmation = &result["confirmation"];
    assert_eq!(confirmation["practice"]["odsCode"], "A20047");
    assert_eq!(confirmation["description"], "Asthma review");
    assert_eq!(confirmation["patientNhsNumber"], "947 671 9931");
    assert!(confirmation["location"]["name"].is_string());
    assert_eq!(confirmation["slotIds"], json!([slots[0]["slotId"]]));

    // The same slot again for the same patient: the 409 is checked against their
    // appointments, and it is their own booking (never a second one).
    let again = app.ok(
        "book_appointment",
        json!({"request": {"odsCode": "A20047", "patient": patient, "slots": [slots[0]], "description": "Again", "comment": null}}),
    );
    assert_eq!(again["kind"], "reconciled");
    assert_eq!(
        again["confirmation"]["appointmentId"],
        confirmation["appointmentId"]
    );
    // For another patient: the provider's 409 comes through with its code.
    let other = app.ok(
        "find_patient",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "9476719923", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}}),
    )["record"]
        .clone();
    let error = app.err(
        "book_appointment",
        json!({"request": {"odsCode": "A20047", "patient": other, "slots": [slots[0]], "description": "Again", "comment": null}}),
    );
    assert_eq!(error["code"], "DUPLICATE_REJECTED");
    assert_eq!(error["details"]["httpStatus"], 409);
    let duplicate_trace = error["details"]["traceId"].clone();
    assert!(duplicate_trace.is_string(), "the error quotes its trace ID");

    // A description over 100 characters is refused before sending.
    let error = app.err(
        "book_appointment",
        json!({"request": {"odsCode": "A20047", "patient": patient, "slots": [slots[1]], "description": "x".repeat(101), "comment": null}}),
    );
    assert_eq!(error["code"], "VALIDATION");
    assert_eq!(error["details"]["field"], "description");

    // The appointment list, then amend as of the version seen, and cancel.
    let listed = app.ok(
        "list_appointments",
        json!({"request": {"nhsNumber": "9476719931", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}, "practices": [], "from": today(), "to": days_ahead(60)}, "events": "__CHANNEL__:8"}),
    );
    assert_eq!(listed, Value::Null);
    let id = confirmation["appointmentId"].as_str().unwrap();
    let version = confirmation["versionId"].clone();
    let amended = app.ok(
        "amend_appointment",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "9476719931", "appointmentId": id, "expectedVersion": version, "description": "Asthma review (annual)", "comment": "Bring inhaler"}}),
    );
    assert_eq!(amended["kind"], "changed");
    assert_eq!(amended["appointment"]["comment"], "Bring inhaler");
    assert!(
        amended["appointment"]["location"]["name"].is_string(),
        "location read separately"
    );
    let stale = app.ok(
        "amend_appointment",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "9476719931", "appointmentId": id, "expectedVersion": version, "description": "Stale edit", "comment": null}}),
    );
    assert_eq!(stale["kind"], "conflict");
    assert_eq!(stale["current"]["description"], "Asthma review (annual)");
    let cancelled = app.ok(
        "cancel_appointment",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "9476719931", "appointmentId": id, "expectedVersion": amended["appointment"]["versionId"], "reason": "Patient unable to attend"}}),
    );
    assert_eq!(cancelled["kind"], "changed");
    assert_eq!(cancelled["appointment"]["status"], "cancelled");
    assert_eq!(cancelled["appointment"]["changeable"], false);

    // A booking for a patient this session never found is refused before sending.
    let mut stranger = patient.clone();
    stranger["id"] = json!("999");
    let error = app.err(
        "book_appointment",
        json!({"request": {"odsCode": "A20047", "patient": stranger, "slots": [slots[2]], "description": "Guarded", "comment": null}}),
    );
    assert_eq!(error["code"], "WRONG_PATIENT");

    // The audit trail: every write with its Ssp-TraceID, the 409 with its status; the
    // refused booking's error carries the trace ID of its request.
    let history = app.ok(
        "list_history",
        json!({"filter": {"nhsNumber": "947 671 9931"}}),
    );
    let rows = history.as_array().unwrap();
    for action in ["book", "amend", "cancel", "find patient", "view"] {
        assert!(
            rows.iter().any(|r| r["action"] == action),
            "{action} in {rows:#?}"
        );
    }
    for row in rows {
        assert_eq!(row["traceId"].as_str().unwrap().len(), 36, "{row}");
        assert_eq!(row["nhsNumber"], "947 671 9931");
    }
    assert!(
        rows.iter()
            .any(|r| r["code"] == "DUPLICATE_REJECTED" && r["action"] == "book"),
        "the same patient's 409, checked and found to be theirs"
    );
    let others = app.ok(
        "list_history",
        json!({"filter": {"nhsNumber": "9476719923"}}),
    );
    let duplicate = others
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "DUPLICATE_REJECTED")
        .expect("the 409 is audited");
    assert_eq!(duplicate["outcome"], "refused");
    assert_eq!(duplicate["httpStatus"], 409);
    assert_eq!(duplicate_trace, duplicate["traceId"]);
    // The journal and audit database: the owner's only, no key material.
    let data_dir = app
        .webview
        .state::<app_lib::state::AppState>()
        .data_dir()
        .to_owned();
    let file = data_dir.join("journal.sqlite3");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    for entry in std::fs::read_dir(&data_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            assert!(!text.contains("PRIVATE KEY"), "{}", path.display());
        }
    }

    // Import credentials from files through the same keyring path. A key that does not
    // match the certificate is refused without echoing it.
    let dir = std::env::temp_dir().join(format!("gpc-credentials-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let other = gpconnect_pki::DemoPki::generate("Another Spine").unwrap();
    let third = gpconnect_pki::DemoPki::generate("Third").unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let files = json!({
        "certificate": write("client.pem", &other.client_certificate_pem),
        "key": write("client-key.pem", &third.client_key_pem),
        "trustedCa": write("ca.pem", &other.ca_certificate_pem),
    });
    // Only files chosen in the dialog are read: anything else is refused unread.
    let error = app.err("import_credentials", json!({"files": files}));
    assert_eq!(error["details"]["field"], "certificate");
    let state = app.webview.state::<app_lib::state::AppState>();
    let choose = |kind, path: &Value| {
        state.choose_file(kind, std::path::PathBuf::from(path.as_str().unwrap()));
    };
    use app_lib::secrets::CredentialKind;
    choose(CredentialKind::ClientCertificate, &files["certificate"]);
    choose(CredentialKind::ClientKey, &files["key"]);
    choose(CredentialKind::TrustedCa, &files["trustedCa"]);
    let error = app.err("import_credentials", json!({"files": files}));
    assert_eq!(error["details"]["field"], "key");
    assert!(!error.to_string().contains("PRIVATE KEY"));
    let mut files = files;
    files["key"] = json!(write("client-key.pem", &other.client_key_pem));
    // A CA file holding more than the issuing chain is refused.
    let mut bundle = files.clone();
    bundle["trustedCa"] = json!(write(
        "bundle.pem",
        &format!("{}\n{}", other.ca_certificate_pem, third.ca_certificate_pem)
    ));
    choose(CredentialKind::TrustedCa, &bundle["trustedCa"]);
    let error = app.err("import_credentials", json!({"files": bundle}));
    assert_eq!(error["details"]["field"], "trustedCa");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("beyond the chain")
    );
    choose(CredentialKind::TrustedCa, &files["trustedCa"]);
    let info = app.ok("import_credentials", json!({"files": files}));
    assert!(info["daysRemaining"].as_i64().unwrap() > 700);
    assert_eq!(app.ok("app_status", json!({}))["certificate"], info);
    // Those credentials trust another CA: the simulator's certificate is refused.
    let summary = app.ok(
        "search_slots",
        json!({"request": {"practices": ["A20047"], "from": today(), "to": days_ahead(1)}, "events": "__CHANNEL__:9"}),
    );
    assert_eq!(summary["failed"], 1, "TLS failure reported per practice");

    // Every request that reached a practice carried the signed-in user and role.
    let requesters = app.requesters();
    assert!(requesters.len() > 10, "{}", requesters.len());
    for (user, role, org) in &requesters {
        assert_eq!(user, "555000000001");
        assert_eq!(role.as_deref(), Some("555000000101"));
        assert_eq!(org, "Y90001");
    }
}

#[test]
fn sign_in_roles_refusals_and_sign_out() {
    let app = Harness::start();
    // A two-role user's choice is what the JWT carries.
    let session = app.sign_in(PATEL_Y90002.0, PATEL_Y90002.1);
    assert_eq!(session["role"]["orgCode"], "Y90002");
    assert_eq!(
        session["role"]["orgName"],
        "Bradford Urgent Care Service (demo)"
    );
    let summary = app.ok(
        "search_slots",
        json!({"request": {"practices": ["A20047"], "from": today(), "to": days_ahead(1)}, "events": "__CHANNEL__:5"}),
    );
    assert_eq!(summary["failed"], 0);
    let requesters = app.requesters();
    assert!(!requesters.is_empty());
    for (user, role, org) in &requesters {
        assert_eq!(user, "555000000002");
        assert_eq!(role.as_deref(), Some("555000000202"));
        assert_eq!(org, "Y90002");
    }
    let status = app.ok("app_status", json!({}));
    assert!(
        status["user"].as_str().unwrap().contains("Sam Patel"),
        "{status}"
    );
    assert!(status["organisation"].as_str().unwrap().contains("Y90002"));

    // Sign out: the next call asks to sign in again, saying why, and sends nothing.
    let before = app.requesters().len();
    let session = app.ok("sign_out", json!({}));
    assert_eq!(session["signedIn"], false);
    assert_eq!(session["ended"], "You signed out.");
    let error = app.err(
        "find_patient",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "947 671 9931", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}}),
    );
    assert_eq!(error["code"], "SIGN_IN_REQUIRED");
    assert_eq!(error["message"], "You signed out.");
    assert_eq!(app.requesters().len(), before, "nothing sent");

    // Too low an assurance level: refused with a clear message.
    let error = app.err(
        "sign_in_demo",
        json!({"uid": "555000000003", "roleId": "555000000301"}),
    );
    assert_eq!(error["code"], "SIGN_IN_NOT_ALLOWED");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("id_assurance_level of this sign-in is 1"),
        "{message}"
    );
    assert!(message.contains("at least 3"), "{message}");
    // A role at an organisation the site does not allow: refused, naming it.
    let error = app.err(
        "sign_in_demo",
        json!({"uid": "555000000004", "roleId": "555000000401"}),
    );
    assert_eq!(error["code"], "SIGN_IN_NOT_ALLOWED");
    assert!(error["message"].as_str().unwrap().contains("B86041"));
    assert_eq!(
        app.ok("session_status", json!({"active": true}))["signedIn"],
        false
    );
    let cis2 = app.state().simulator_cis2().unwrap();
    assert_eq!(
        cis2.sign_ins().len(),
        3,
        "each sign-in went through the stand-in"
    );
}

#[test]
fn keyring_round_trip_against_the_secret_service() {
    use app_lib::secrets::{Keyring, PemSet};
    use app_lib::settings::Environment;
    let keyring = Keyring::named(&format!(
        "uk.nhs.gpconnect.booking.test-{}",
        uuid::Uuid::new_v4()
    ));
    assert!(keyring.identity(Environment::Live).unwrap().is_none());
    let pki = gpconnect_pki::DemoPki::generate("Keyring").unwrap();
    keyring
        .store(
            Environment::Live,
            &PemSet {
                certificate: pki.client_certificate_pem.clone(),
                key: gpconnect::secret::Sensitive::new(pki.client_key_pem.clone()),
                trusted_ca: pki.ca_certificate_pem.clone(),
            },
        )
        .unwrap();
    let identity = keyring.identity(Environment::Live).unwrap().unwrap();
    assert_eq!(
        identity.client_key_pem.expose(),
        pki.client_key_pem.as_bytes()
    );
    assert!(
        keyring.identity(Environment::Demo).unwrap().is_none(),
        "demo and live are kept apart"
    );
    assert!(
        keyring.identity(Environment::Int).unwrap().is_none(),
        "INT and live are kept apart"
    );
    keyring.clear(Environment::Live).unwrap();
    assert!(keyring.identity(Environment::Live).unwrap().is_none());
}

/// Free slots at `ods` over two weeks, as the UI receives them.
fn first_slots(app: &Harness, ods: &str) -> Vec<Value> {
    let state = app.webview.state::<app_lib::state::AppState>();
    let connection = tauri::async_runtime::block_on(state.connection()).unwrap();
    let practice = connection
        .practice(&gpconnect::OdsCode::parse(ods).unwrap())
        .unwrap();
    let query = gpconnect::slots::SlotQuery {
        range: gpconnect::time::DateRange::starting(
            gpconnect::time::uk_date(chrono::Utc::now()),
            14,
        ),
        filters: gpconnect::slots::SearchFilters::from_identity(connection.client.identity()),
        service: None,
    };
    let found =
        tauri::async_runtime::block_on(connection.client.search_free_slots(&practice, &query))
            .unwrap();
    found
        .slots
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .collect()
}

#[test]
fn unreadable_settings_are_set_aside_and_reported_not_overwritten() {
    let broken = r#"{"settings": {"mode": "live", "organisation": 42"#;
    let mut dir = None;
    let app = Harness::start_with(|data_dir| {
        std::fs::write(data_dir.join("settings.json"), broken).unwrap();
        dir = Some(data_dir.to_owned());
    });
    let dir = dir.unwrap();
    let status = app.ok("app_status", json!({}));
    let problems = status["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p
            .as_str()
            .unwrap()
            .contains("settings file could not be read")),
        "{problems:?}"
    );
    assert_eq!(
        status["environment"], "demo",
        "the app still starts, on the simulator"
    );
    let kept: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("settings.unreadable-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), broken);
}

#[test]
fn issue_12_commands_over_ipc() {
    let app = Harness::start();
    app.sign_in(JONES.0, JONES.1);
    // Demo mode is the 111 profile (an urgent care organisation).
    assert_eq!(app.ok("app_status", json!({}))["nhs111"], true);

    // Not before the patient is traced on PDS: nothing is sent to any practice.
    let before = app.requesters().len();
    let error = app.err(
        "find_patient_everywhere",
        json!({"request": {"practices": [], "nhsNumber": "947 671 9931", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}, "events": "__CHANNEL__:10"}),
    );
    assert_eq!(error["code"], "TRACE_REQUIRED");
    assert_eq!(app.requesters().len(), before, "nothing was sent");
    app.ok(
        "trace_patient",
        json!({"request": {"nhsNumber": "947 671 9931"}}),
    );

    // The patient found at every practice at once; each answer on the channel.
    let result = app.ok(
        "find_patient_everywhere",
        json!({"request": {"practices": [], "nhsNumber": "947 671 9931", "entered": {"familyName": "Dawes", "givenName": null, "gender": null, "birthDate": null}}, "events": "__CHANNEL__:11"}),
    );
    assert_eq!(result, Value::Null);
    let error = app.err(
        "find_patient_everywhere",
        json!({"request": {"practices": [], "nhsNumber": "900 000 0008", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}, "events": "__CHANNEL__:12"}),
    );
    assert_eq!(error["code"], "VALIDATION");

    // A search longer than 366 days is refused before anything is sent.
    let error = app.err(
        "search_slots",
        json!({"request": {"practices": ["A20047"], "from": today(), "to": days_ahead(366)}, "events": "__CHANNEL__:13"}),
    );
    assert_eq!(error["code"], "VALIDATION");
    assert!(error["message"].as_str().unwrap().contains("366"));

    // A slot after the disposition timeframe needs a reason; with one, it is kept.
    let lookup = app.ok(
        "find_patient",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "947 671 9931", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}}),
    );
    let patient = lookup["record"].clone();
    let slots = first_slots(&app, "A20047");
    let before = gpconnect::time::format_datetime(chrono::Utc::now());
    let request = |reason: Value| {
        json!({"request": {"odsCode": "A20047", "patient": patient, "slots": [slots[0]],
            "description": "Urgent review", "comment": null,
            "timeframe": {"label": "Within 1 hour", "until": before, "reasonOutside": reason}}})
    };
    let error = app.err("book_appointment", request(Value::Null));
    assert_eq!(error["code"], "VALIDATION");
    assert_eq!(error["details"]["fields"][0]["field"], "timeframeReason");
    let booked = app.ok(
        "book_appointment",
        request(json!("No sooner slot at any practice")),
    );
    assert_eq!(booked["confirmation"]["timeframe"], "Within 1 hour");
    assert_eq!(
        booked["confirmation"]["outsideTimeframeReason"],
        "No sooner slot at any practice"
    );
    // The reason is in the audit trail with the booking.
    let history = app.ok("list_history", json!({"filter": {}}));
    let rows = history.as_array().unwrap();
    let book = rows
        .iter()
        .find(|r| r["action"] == "book" && r["outcome"] == "ok")
        .expect("the booking in the history");
    assert_eq!(
        book["note"],
        "Outside the disposition timeframe (Within 1 hour): No sooner slot at any practice"
    );
}

#[test]
fn a_settings_file_of_the_earlier_shape_still_loads() {
    let old = r#"{"settings": {"mode": "live", "organisation": {"odsCode": "Y90001", "name": "Leeds Urgent Care Service", "telephone": "0113 496 0999", "orgType": "urgent-care"},
        "consumerAsid": "200000000359", "sspUrl": "https://proxy.example.nhs.uk", "sdsUrl": "",
        "user": {"userId": "u1", "familyName": "Morgan", "givenNames": "Alex", "title": "", "sdsUserId": "", "sdsRoleProfileId": ""},
        "practices": [{"odsCode": "A20047", "name": "Dr Legg's", "providerRoot": "https://provider.example/A20047/STU3/1/gpconnect", "asid": "918999198738"}],
        "timeouts": {"connectSeconds": 10, "requestSeconds": 30, "practiceDeadlineSeconds": 20}, "deviceId": "device-9"}}"#;
    let app = Harness::start_with(|data_dir| {
        std::fs::write(data_dir.join("settings.json"), old).unwrap();
    });
    let settings = app.ok("get_settings", json!({}));
    assert_eq!(settings["environment"], "live");
    assert_eq!(
        settings["organisation"]["name"],
        "Leeds Urgent Care Service"
    );
    assert_eq!(settings["deviceId"], "device-9");
    assert_eq!(settings["practices"][0]["asid"], "918999198738");
    let status = app.ok("app_status", json!({}));
    let problems = status["problems"].to_string();
    assert!(problems.contains("Spine endpoint URL"), "{problems}");
    assert!(problems.contains("CIS2"), "{problems}");
    // Switching to INT and back keeps the live settings.
    let int = app.ok("switch_environment", json!({"environment": "int"}));
    assert_eq!(int["environment"], "int");
    assert!(int["cis2"]["issuer"].as_str().unwrap().contains(":443/"));
    let live = app.ok("switch_environment", json!({"environment": "live"}));
    assert_eq!(live["consumerAsid"], "200000000359");
    assert_eq!(live["deviceId"], "device-9");
}

/// Sam Patel's first role, receptionist at Y90001.
const PATEL_Y90001: (&str, &str) = ("555000000002", "555000000201");

/// A find request at `ods` for `nhs` (what was typed is not compared: PDS's record is).
fn find(ods: &str, nhs: &str) -> Value {
    json!({"request": {"odsCode": ods, "nhsNumber": nhs, "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}})
}

#[test]
fn tracing_on_pds_guards_every_request_about_a_patient() {
    let app = Harness::start();
    app.sign_in(PATEL_Y90001.0, PATEL_Y90001.1);
    let pds = app.state().simulator_pds().unwrap();
    let trace = |nhs: &str| app.invoke("trace_patient", json!({"request": {"nhsNumber": nhs}}));

    // Registered at a practice of the federation: named, searched first.
    let dawes = trace("947 671 9931").unwrap();
    assert_eq!(dawes["registeredInFederation"], true);
    assert_eq!(dawes["registeredPracticeName"], "Dr Legg's Surgery");
    assert_eq!(dawes["trace"]["patient"]["verification"]["code"], "01");
    assert_eq!(dawes["cached"], false);
    assert_eq!(dawes["requestId"].as_str().unwrap().len(), 36);
    // Traced again in the session: from the session, PDS not asked again.
    let sent = pds.requests().len();
    assert_eq!(trace("9476719931").unwrap()["cached"], true);
    assert_eq!(pds.requests().len(), sent);
    assert_eq!(
        app.ok(
            "trace_patient",
            json!({"request": {"nhsNumber": "9476719931", "refresh": true}})
        )["cached"],
        false
    );
    assert!(
        pds.requests()
            .iter()
            .all(|r| r.session_urid.as_deref() == Some(PATEL_Y90001.1))
    );

    // Sensitive: no address, and no GP Connect request at all, whatever is asked.
    let sensitive = trace("9476113162").unwrap();
    assert_eq!(sensitive["gpConnectBlock"], "sensitive");
    assert_eq!(sensitive["trace"]["patient"]["address"], Value::Null);
    assert_eq!(
        sensitive["trace"]["patient"]["registeredPractice"],
        Value::Null
    );
    let before = app.requesters().len();
    assert_eq!(
        app.err("find_patient", find("GPC001", "9476113162"))["code"],
        "PATIENT_SENSITIVE"
    );
    let listed = app.err(
        "list_appointments",
        json!({"request": {"nhsNumber": "9476113162", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}, "practices": [], "from": today(), "to": days_ahead(30)}, "events": "__CHANNEL__:3"}),
    );
    assert_eq!(listed["code"], "PATIENT_SENSITIVE");
    assert_eq!(
        app.requesters().len(),
        before,
        "no GP Connect request for her"
    );

    // Present on PDS but not verified (status 02): no Find, registration or booking for it.
    let unverified = trace("999 000 0042").unwrap();
    assert_eq!(unverified["trace"]["patient"]["verification"]["code"], "02");
    let refused = app.err("find_patient", find("A20047", "9990000042"));
    assert_eq!(refused["code"], "NHS_NUMBER_UNVERIFIED");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("02 Number present but not traced"),
        "{refused}"
    );
    assert_eq!(app.requesters().len(), before, "nothing sent for her");

    // Deceased: found (the practice answers as it does), never registered or booked.
    let deceased = trace("9476719974").unwrap();
    assert_eq!(deceased["bookingBlock"], "deceased");
    assert_eq!(
        deceased["trace"]["patient"]["deceased"]["date"],
        "2007-07-10"
    );
    let registration = json!({
        "nhsNumber": "9476719974", "familyName": "PHELAN", "givenNames": ["Julian"], "prefix": null,
        "birthDate": "1992-07-02", "gender": "male", "homeAddress": null, "temporaryAddress": null,
        "homePhone": null, "mobilePhone": null, "workPhone": null, "temporaryPhone": null, "email": null
    });
    let error = app.err(
        "register_patient",
        json!({"request": {"odsCode": "R3B46", "registration": registration, "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}}),
    );
    assert_eq!(error["code"], "PATIENT_DECEASED");

    // Superseded: the current number is used and said; the old one is refused.
    let merged = trace("999 000 0018").unwrap();
    assert_eq!(merged["trace"]["superseded"], true);
    assert_eq!(merged["trace"]["patient"]["nhsNumber"], "9476719923");
    let error = app.err("find_patient", find("A20047", "9990000018"));
    assert_eq!(error["code"], "NHS_NUMBER_SUPERSEDED");
    assert!(error["message"].as_str().unwrap().contains("947 671 9923"));
    assert!(app.ok("find_patient", find("A20047", "9476719923"))["record"].is_object());

    // Invalidated and unknown numbers are refused by PDS, and stay untraced.
    assert_eq!(trace("9990000026").unwrap_err()["code"], "PDS_INVALIDATED");
    let unknown = trace("9990000034").unwrap_err();
    assert_eq!(unknown["code"], "PDS_NOT_FOUND");
    assert_eq!(unknown["details"]["spineCode"], "RESOURCE_NOT_FOUND");
    assert_eq!(
        app.err("find_patient", find("A20047", "9990000034"))["code"],
        "TRACE_REQUIRED"
    );

    // By demographics, for a caller who does not know their number.
    let found = app.ok(
        "search_pds",
        json!({"query": {"familyName": "Banton", "givenName": null, "gender": null, "birthDate": {"on": "1955-09-18"}, "postcode": "DN16 1HQ", "fuzzy": false, "exact": false, "maxResults": 10}}),
    );
    let matches = found["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0]["patient"]["nhsNumber"], "9476719958");
    assert_eq!(matches[0]["registeredPracticeName"], "Dr Legg's Surgery");
    assert!(matches[0].get("score").is_none());
    // A search is not a trace: choosing the match traces it.
    assert_eq!(
        app.err("find_patient", find("A20047", "9476719958"))["code"],
        "TRACE_REQUIRED"
    );
    let too_many = app.err(
        "search_pds",
        json!({"query": {"familyName": "CROOK", "givenName": null, "gender": null, "birthDate": {"between": {"from": "1950-01-01", "to": null}}, "postcode": null, "fuzzy": false, "exact": false, "maxResults": 3}}),
    );
    assert_eq!(too_many["code"], "PDS_TOO_MANY_MATCHES");
    let invalid = app.err(
        "search_pds",
        json!({"query": {"familyName": "C*", "givenName": null, "gender": null, "birthDate": null, "postcode": null, "fuzzy": false, "exact": false, "maxResults": 10}}),
    );
    assert_eq!(invalid["code"], "VALIDATION");
    let fields: Vec<&str> = invalid["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["familyName", "birthDate"]);

    // Each trace is in the audit trail, under the patient's NHS number.
    let history = app.ok(
        "list_history",
        json!({"filter": {"nhsNumber": "9476113162"}}),
    );
    let rows = history.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["action"], "trace");
    assert_eq!(rows[0]["outcome"], "ok");
    let searched = app.ok(
        "list_history",
        json!({"filter": {"nhsNumber": "9476719958"}}),
    );
    assert!(
        searched
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "trace search")
    );

    // The traces last for the session only.
    app.ok("sign_out", json!({}));
    app.sign_in(PATEL_Y90001.0, PATEL_Y90001.1);
    assert_eq!(
        app.err("find_patient", find("A20047", "9476719931"))["code"],
        "TRACE_REQUIRED"
    );
}
