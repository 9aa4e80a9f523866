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
}

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
    assert_eq!(status["mode"], "demo");
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

    // A practice SDS does not know fails on its own; the others are still searched.
    assert_eq!(
        status["sdsApiKeyStored"], true,
        "demo mode stores its SDS key"
    );
    let mut with_unknown = settings.clone();
    with_unknown["practices"]
        .as_array_mut()
        .unwrap()
        .push(json!({"odsCode": "Z99999", "name": "Not in SDS", "providerRoot": "", "asid": ""}));
    app.ok("save_settings", json!({"settings": with_unknown}));
    let summary = app.ok(
        "search_slots",
        json!({"request": {"practices": [], "from": today(), "to": days_ahead(6)}, "events": "__CHANNEL__:10"}),
    );
    assert_eq!(summary["practices"], 5);
    assert_eq!(summary["failed"], 1, "only the practice SDS does not know");
    assert!(summary["slots"].as_u64().unwrap() > 100);
    app.ok("save_settings", json!({"settings": settings}));

    // An invalid NHS number is refused before any call.
    let error = app.err(
        "find_patient",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "900 000 0008", "entered": {"familyName": null, "givenName": null, "gender": null, "birthDate": null}}}),
    );
    assert_eq!(error["code"], "VALIDATION");

    // Found, with a demographic difference highlighted.
    let lookup = app.ok(
        "find_patient",
        json!({"request": {"odsCode": "A20047", "nhsNumber": "947 671 9931", "entered": {"familyName": "Dawes", "givenName": "Mary", "gender": null, "birthDate": "1952-05-31"}}}),
    );
    let patient = lookup["record"].clone();
    assert_eq!(patient["familyName"], "DAWES");
    assert_eq!(lookup["differences"][0]["field"], "givenName");

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

    // The same slot again: the provider's 409 comes through with its code.
    let error = app.err(
        "book_appointment",
        json!({"request": {"odsCode": "A20047", "patient": patient, "slots": [slots[0]], "description": "Again", "comment": null}}),
    );
    assert_eq!(error["code"], "DUPLICATE_REJECTED");
    assert_eq!(error["details"]["httpStatus"], 409);

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
        json!({"request": {"odsCode": "A20047", "appointmentId": id, "expectedVersion": version, "description": "Asthma review (annual)", "comment": "Bring inhaler"}}),
    );
    assert_eq!(amended["kind"], "changed");
    assert_eq!(amended["appointment"]["comment"], "Bring inhaler");
    assert!(
        amended["appointment"]["location"]["name"].is_string(),
        "location read separately"
    );
    let stale = app.ok(
        "amend_appointment",
        json!({"request": {"odsCode": "A20047", "appointmentId": id, "expectedVersion": version, "description": "Stale edit", "comment": null}}),
    );
    assert_eq!(stale["kind"], "conflict");
    assert_eq!(stale["current"]["description"], "Asthma review (annual)");
    let cancelled = app.ok(
        "cancel_appointment",
        json!({"request": {"odsCode": "A20047", "appointmentId": id, "expectedVersion": amended["appointment"]["versionId"], "reason": "Patient unable to attend"}}),
    );
    assert_eq!(cancelled["kind"], "changed");
    assert_eq!(cancelled["appointment"]["status"], "cancelled");
    assert_eq!(cancelled["appointment"]["changeable"], false);

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
    let error = app.err("import_credentials", json!({"files": files}));
    assert_eq!(error["details"]["field"], "key");
    assert!(!error.to_string().contains("PRIVATE KEY"));
    let mut files = files;
    files["key"] = json!(write("client-key.pem", &other.client_key_pem));
    let info = app.ok("import_credentials", json!({"files": files}));
    assert!(info["daysRemaining"].as_i64().unwrap() > 700);
    assert_eq!(app.ok("app_status", json!({}))["certificate"], info);
    // Those credentials trust another CA: the simulator's certificate is refused.
    let summary = app.ok(
        "search_slots",
        json!({"request": {"practices": ["A20047"], "from": today(), "to": days_ahead(1)}, "events": "__CHANNEL__:9"}),
    );
    assert_eq!(summary["failed"], 1, "TLS failure reported per practice");
}

#[test]
fn keyring_round_trip_against_the_secret_service() {
    use app_lib::secrets::{Keyring, PemSet};
    use app_lib::settings::Mode;
    let keyring = Keyring::named(&format!(
        "uk.nhs.gpconnect.booking.test-{}",
        uuid::Uuid::new_v4()
    ));
    assert!(keyring.identity(Mode::Live).unwrap().is_none());
    let pki = gpconnect_pki::DemoPki::generate("Keyring").unwrap();
    keyring
        .store(
            Mode::Live,
            &PemSet {
                certificate: pki.client_certificate_pem.clone(),
                key: gpconnect::secret::Sensitive::new(pki.client_key_pem.clone()),
                trusted_ca: pki.ca_certificate_pem.clone(),
            },
        )
        .unwrap();
    let identity = keyring.identity(Mode::Live).unwrap().unwrap();
    assert_eq!(
        identity.client_key_pem.expose(),
        pki.client_key_pem.as_bytes()
    );
    assert!(
        keyring.identity(Mode::Demo).unwrap().is_none(),
        "demo and live are kept apart"
    );
    keyring.clear(Mode::Live).unwrap();
    assert!(keyring.identity(Mode::Live).unwrap().is_none());
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
        status["mode"], "demo",
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
    // Demo mode is the 111 profile (an urgent care organisation).
    assert_eq!(app.ok("app_status", json!({}))["nhs111"], true);

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
}
