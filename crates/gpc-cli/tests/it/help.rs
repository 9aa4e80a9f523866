//! `gpc --help` documents every subcommand and the exit codes; usage errors exit 2.

use crate::support::gpc_raw;

#[tokio::test]
async fn help_lists_every_subcommand_and_the_exit_codes() {
    let run = gpc_raw(&["--help"]).await;
    run.expect_exit(0);
    for subcommand in [
        "slots",
        "patient",
        "book",
        "appointments",
        "appointment",
        "discover",
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{subcommand} "))),
            "{subcommand} in\n{}",
            run.stdout
        );
    }
    for documented in [
        "Exit codes:",
        "0  success",
        "2  usage",
        "3  the provider or the Spine Secure Proxy refused",
        "4  transport or TLS failure",
        "5  invalid input",
        "--profile",
        "GPC_PROFILE",
        "--ssp-url",
        "--asid",
        "--org-ods",
        "--client-certificate",
        "--client-key",
        "--trusted-ca",
        "--practice-root",
        "--practice-asid",
        "--sds-url",
        "--json",
    ] {
        assert!(run.stdout.contains(documented), "{documented} in help");
    }

    let patient = gpc_raw(&["patient", "--help"]).await;
    patient.expect_exit(0);
    assert!(patient.stdout.contains("find") && patient.stdout.contains("register"));
    let appointment = gpc_raw(&["appointment", "--help"]).await;
    appointment.expect_exit(0);
    for action in ["read", "amend", "cancel"] {
        assert!(appointment.stdout.contains(action), "{action}");
    }
    let slots = gpc_raw(&["slots", "--help"]).await;
    for flag in [
        "--practice",
        "--from",
        "--to",
        "--days",
        "--deadline-seconds",
        "--csv",
    ] {
        assert!(slots.stdout.contains(flag), "{flag} in slots --help");
    }
}

#[tokio::test]
async fn usage_errors_exit_2() {
    gpc_raw(&["no-such-command"]).await.expect_exit(2);
    gpc_raw(&["slots", "--days", "many"]).await.expect_exit(2);
    // Both a patient id and an NHS number.
    gpc_raw(&[
        "appointments",
        "--practice",
        "A20047",
        "--patient-id",
        "1",
        "--nhs-number",
        "9476719931",
    ])
    .await
    .expect_exit(2);
    gpc_raw(&["--json", "slots", "--csv"]).await.expect_exit(2);
}
