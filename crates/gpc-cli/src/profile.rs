//! The connection profile: where `gpc` finds it, reading it, and the flags that override it.
//!
//! Lookup order: `--profile PATH`, else `$GPC_PROFILE` (both through clap), else
//! `$XDG_CONFIG_HOME/gpc/profile.toml` (`~/.config/gpc/profile.toml`) if it exists, else the
//! profile the simulator writes, `gpconnect-sim`'s data directory + `gpc-profile.toml`, if
//! it exists. Without any profile the configuration must come whole from flags.
//!
//! The simulator's data directory is computed here rather than by depending on
//! `gpconnect-sim` (which would bring its web server into `gpc`); a unit test checks that
//! both agree. Relative certificate paths in a profile are taken relative to the profile's
//! folder. Key material is never read here, only paths.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use gpconnect::profile::{PracticeEntry, Profile, SdsSettings, TlsFiles};
use gpconnect::{
    Asid, BookingOrganisation, ConsumerIdentity, ConsumerSystem, OdsCode, OrganisationType,
    ProviderRoot, UserIdentity,
};

use crate::cli::{ConfigArgs, OrgTypeArg};
use crate::error::CliError;

/// The file name of the profile `gpconnect-sim` writes in its data directory (the same as
/// `gpconnect_sim::PROFILE_FILE`).
pub const SIMULATOR_PROFILE_FILE: &str = "gpc-profile.toml";

/// Reads an environment variable; injected so lookups can be tested without touching the
/// process environment.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<OsString>;

/// The process environment.
pub fn process_env(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

/// How a profile file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileOrigin {
    /// `--profile` or `$GPC_PROFILE`.
    Given,
    /// The user's own, `~/.config/gpc/profile.toml`.
    UserConfig,
    /// The one `gpconnect-sim` writes.
    Simulator,
}

/// A profile file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileLocation {
    /// The file.
    pub path: PathBuf,
    /// How it was found.
    pub origin: ProfileOrigin,
}

/// `$XDG_CONFIG_HOME/gpc/profile.toml`, else `$HOME/.config/gpc/profile.toml`; `None`
/// without either variable.
pub fn user_profile_path(env: EnvLookup<'_>) -> Option<PathBuf> {
    env("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".config")))
        .map(|d| d.join("gpc").join("profile.toml"))
}

/// The simulator's data directory, computed exactly as `gpconnect_sim::default_data_dir`:
/// `$XDG_DATA_HOME/gpconnect-sim`, else `$HOME/.local/share/gpconnect-sim`, else
/// `./.gpconnect-sim`.
pub fn simulator_data_dir(env: EnvLookup<'_>) -> PathBuf {
    env("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .map_or_else(
            || PathBuf::from(".gpconnect-sim"),
            |d| d.join("gpconnect-sim"),
        )
}

/// Where `gpconnect-sim` writes its `gpc` profile.
pub fn simulator_profile_path(env: EnvLookup<'_>) -> PathBuf {
    simulator_data_dir(env).join(SIMULATOR_PROFILE_FILE)
}

/// The profile to read: `given` (from `--profile` or `$GPC_PROFILE`) whether or not it
/// exists, else the user's profile if it exists, else the simulator's if it exists.
pub fn locate(
    given: Option<&Path>,
    env: EnvLookup<'_>,
    exists: &dyn Fn(&Path) -> bool,
) -> Option<ProfileLocation> {
    if let Some(path) = given {
        return Some(ProfileLocation {
            path: path.to_owned(),
            origin: ProfileOrigin::Given,
        });
    }
    let user = user_profile_path(env)
        .filter(|p| exists(p))
        .map(|path| ProfileLocation {
            path,
            origin: ProfileOrigin::UserConfig,
        });
    user.or_else(|| {
        let path = simulator_profile_path(env);
        exists(&path).then_some(ProfileLocation {
            path,
            origin: ProfileOrigin::Simulator,
        })
    })
}

/// Parses a profile's TOML text. Certificate paths that are relative are joined to `base`
/// (the profile's folder).
pub fn parse_profile(text: &str, base: &Path) -> Result<Profile, String> {
    let mut profile: Profile = toml::from_str(text).map_err(|e| e.to_string())?;
    let cis2_files = profile.cis2.as_mut().map_or_else(Vec::new, |c| {
        [c.private_key.as_mut(), c.client_secret_file.as_mut()]
            .into_iter()
            .flatten()
            .collect()
    });
    for path in [
        &mut profile.tls.client_certificate,
        &mut profile.tls.client_key,
        &mut profile.tls.trusted_ca,
    ]
    .into_iter()
    .chain(cis2_files)
    .chain(profile.pds.as_mut().map(|p| &mut p.private_key))
    {
        if path.is_relative() {
            *path = base.join(&*path);
        }
    }
    Ok(profile)
}

/// Reads and parses a profile file. Error: [`CliError::Configuration`] naming the file.
pub fn read_profile(path: &Path) -> Result<Profile, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::Configuration(format!("cannot read the profile {}: {e}", path.display()))
    })?;
    let base = path.parent().unwrap_or_else(|| Path::new("."));
    parse_profile(&text, base).map_err(|e| {
        CliError::Configuration(format!("the profile {} is not valid: {e}", path.display()))
    })
}

/// The configuration in force: the profile read (or built from flags) with every flag
/// applied.
#[derive(Debug, Clone)]
pub struct Configuration {
    /// The profile with the flags applied.
    pub profile: Profile,
    /// The file it came from, if any.
    pub location: Option<ProfileLocation>,
}

/// Finds and reads the profile, or builds one from flags when there is none, then applies
/// the flags. Errors: [`CliError::Configuration`] (no profile and incomplete flags, an
/// unreadable profile), [`CliError::Input`] (an invalid flag value).
pub fn load(args: &ConfigArgs, env: EnvLookup<'_>) -> Result<Configuration, CliError> {
    let location = locate(args.profile.as_deref(), env, &|p| p.is_file());
    let mut profile = match &location {
        Some(location) => read_profile(&location.path)?,
        None => from_flags(args, env)?,
    };
    apply_flags(&mut profile, args)?;
    Ok(Configuration { profile, location })
}

fn required<T: Clone>(value: &Option<T>, flag: &'static str, missing: &mut Vec<&str>) -> Option<T> {
    if value.is_none() {
        missing.push(flag);
    }
    value.clone()
}

/// A profile made only from flags (no profile file found). Every identity flag and the three
/// certificate files are then required.
fn from_flags(args: &ConfigArgs, env: EnvLookup<'_>) -> Result<Profile, CliError> {
    let mut missing = Vec::new();
    let asid = required(&args.asid, "--asid", &mut missing);
    let org_ods = required(&args.org_ods, "--org-ods", &mut missing);
    let org_name = required(&args.org_name, "--org-name", &mut missing);
    let org_phone = required(&args.org_phone, "--org-phone", &mut missing);
    let user_id = required(&args.user_id, "--user-id", &mut missing);
    let family = required(&args.user_family_name, "--user-family-name", &mut missing);
    let issuer = required(&args.issuer, "--issuer", &mut missing);
    let system = required(&args.identifier_system, "--identifier-system", &mut missing);
    let certificate = required(
        &args.client_certificate,
        "--client-certificate",
        &mut missing,
    );
    let key = required(&args.client_key, "--client-key", &mut missing);
    let ca = required(&args.trusted_ca, "--trusted-ca", &mut missing);
    let (
        Some(asid),
        Some(org_ods),
        Some(org_name),
        Some(org_phone),
        Some(user_id),
        Some(family),
        Some(issuer),
        Some(identifier_system),
        Some(client_certificate),
        Some(client_key),
        Some(trusted_ca),
    ) = (
        asid,
        org_ods,
        org_name,
        org_phone,
        user_id,
        family,
        issuer,
        system,
        certificate,
        key,
        ca,
    )
    else {
        let mut looked = vec!["--profile / $GPC_PROFILE".to_owned()];
        looked.extend(user_profile_path(env).map(|p| p.display().to_string()));
        looked.push(simulator_profile_path(env).display().to_string());
        return Err(CliError::Configuration(format!(
            "no profile found (looked at {}) and the flags do not make a whole configuration: \
             missing {}. Give --profile, or start gpconnect-sim for a ready demo profile.",
            looked.join(", "),
            missing.join(", ")
        )));
    };
    Ok(Profile {
        ssp_url: None,
        sds: None,
        consumer: ConsumerIdentity {
            asid: parse_flag("--asid", &asid, Asid::parse)?,
            organisation: BookingOrganisation {
                ods_code: parse_flag("--org-ods", &org_ods, OdsCode::parse)?,
                name: org_name,
                telephone: org_phone,
                org_type: None,
            },
            user: UserIdentity {
                id: user_id,
                family_name: family,
                given_names: Vec::new(),
                prefixes: Vec::new(),
                sds_user_id: None,
                sds_role_profile_id: None,
            },
            system: ConsumerSystem {
                issuer,
                identifier_system,
                device_id: "gpc".to_owned(),
                product_name: "gpc".to_owned(),
                product_version: env!("CARGO_PKG_VERSION").to_owned(),
            },
        },
        practices: Vec::new(),
        tls: TlsFiles {
            client_certificate,
            client_key,
            trusted_ca,
        },
        connect_timeout_seconds: None,
        request_timeout_seconds: None,
        cis2: None,
        pds: None,
    })
}

fn parse_flag<T, E: ToString>(
    flag: &str,
    value: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<T, CliError> {
    parse(value).map_err(|e| CliError::input(flag, e))
}

/// Splits `ODS=VALUE` of `--practice-root` / `--practice-asid`.
fn practice_pair<'a>(flag: &str, text: &'a str) -> Result<(OdsCode, &'a str), CliError> {
    let (ods, value) = text
        .split_once('=')
        .ok_or_else(|| CliError::input(flag, format!("expected ODS=VALUE, found {text:?}")))?;
    Ok((parse_flag(flag, ods, OdsCode::parse)?, value.trim()))
}

fn practice_entry<'a>(profile: &'a mut Profile, ods: &OdsCode) -> &'a mut PracticeEntry {
    let index = match profile.practices.iter().position(|p| p.ods_code == *ods) {
        Some(index) => index,
        None => {
            profile.practices.push(PracticeEntry {
                ods_code: ods.clone(),
                name: None,
                provider_root: None,
                asid: None,
            });
            profile.practices.len() - 1
        }
    };
    &mut profile.practices[index]
}

/// Applies every configuration flag given to `profile`.
/// Errors: [`CliError::Input`] for an invalid value, [`CliError::Configuration`] for an SDS
/// URL without an API key.
pub fn apply_flags(profile: &mut Profile, args: &ConfigArgs) -> Result<(), CliError> {
    if let Some(url) = &args.ssp_url {
        profile.ssp_url = Some(url.clone());
    }
    let consumer = &mut profile.consumer;
    if let Some(asid) = &args.asid {
        consumer.asid = parse_flag("--asid", asid, Asid::parse)?;
    }
    let organisation = &mut consumer.organisation;
    if let Some(ods) = &args.org_ods {
        organisation.ods_code = parse_flag("--org-ods", ods, OdsCode::parse)?;
    }
    if let Some(name) = &args.org_name {
        organisation.name.clone_from(name);
    }
    if let Some(phone) = &args.org_phone {
        organisation.telephone.clone_from(phone);
    }
    if let Some(org_type) = args.org_type {
        organisation.org_type = Some(match org_type {
            OrgTypeArg::GpPractice => OrganisationType::GpPractice,
            OrgTypeArg::UrgentCare => OrganisationType::UrgentCare,
        });
    }
    let user = &mut consumer.user;
    if let Some(id) = &args.user_id {
        user.id.clone_from(id);
    }
    if let Some(family) = &args.user_family_name {
        user.family_name.clone_from(family);
    }
    if !args.user_given_name.is_empty() {
        user.given_names.clone_from(&args.user_given_name);
    }
    if !args.user_title.is_empty() {
        user.prefixes.clone_from(&args.user_title);
    }
    if let Some(id) = &args.user_sds_id {
        user.sds_user_id = Some(id.clone());
    }
    if let Some(id) = &args.user_role_profile_id {
        user.sds_role_profile_id = Some(id.clone());
    }
    let system = &mut consumer.system;
    if let Some(issuer) = &args.issuer {
        system.issuer.clone_from(issuer);
    }
    if let Some(identifier_system) = &args.identifier_system {
        system.identifier_system.clone_from(identifier_system);
    }
    if let Some(device_id) = &args.device_id {
        system.device_id.clone_from(device_id);
    }
    if let Some(path) = &args.client_certificate {
        profile.tls.client_certificate.clone_from(path);
    }
    if let Some(path) = &args.client_key {
        profile.tls.client_key.clone_from(path);
    }
    if let Some(path) = &args.trusted_ca {
        profile.tls.trusted_ca.clone_from(path);
    }
    match (&mut profile.sds, &args.sds_url, &args.sds_api_key) {
        (Some(sds), url, key) => {
            if let Some(url) = url {
                sds.url.clone_from(url);
            }
            if let Some(key) = key {
                sds.api_key.clone_from(key);
            }
        }
        (None, Some(url), Some(key)) => {
            profile.sds = Some(SdsSettings {
                url: url.clone(),
                api_key: key.clone(),
            });
        }
        (None, Some(_), None) => {
            return Err(CliError::Configuration(
                "--sds-url needs an API key: --sds-api-key or $GPC_SDS_API_KEY".to_owned(),
            ));
        }
        (None, None, _) => {}
    }
    for text in &args.practice_root {
        let (ods, root) = practice_pair("--practice-root", text)?;
        let root = parse_flag("--practice-root", root, ProviderRoot::parse)?;
        practice_entry(profile, &ods).provider_root = Some(root);
    }
    for text in &args.practice_asid {
        let (ods, asid) = practice_pair("--practice-asid", text)?;
        let asid = parse_flag("--practice-asid", asid, Asid::parse)?;
        practice_entry(profile, &ods).asid = Some(asid);
    }
    if let Some(seconds) = args.connect_timeout_seconds {
        profile.connect_timeout_seconds = Some(seconds);
    }
    if let Some(seconds) = args.request_timeout_seconds {
        profile.request_timeout_seconds = Some(seconds);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        move |name| vars.get(name).cloned()
    }

    #[test]
    fn simulator_path_matches_the_simulator() {
        assert_eq!(
            simulator_data_dir(&process_env),
            gpconnect_sim::default_data_dir()
        );
        assert_eq!(SIMULATOR_PROFILE_FILE, gpconnect_sim::PROFILE_FILE);
        assert_eq!(
            simulator_profile_path(&process_env),
            gpconnect_sim::default_data_dir().join(gpconnect_sim::PROFILE_FILE)
        );
    }

    #[test]
    fn simulator_data_dir_rules() {
        let env = env_of(&[("XDG_DATA_HOME", "/x/data"), ("HOME", "/home/a")]);
        assert_eq!(
            simulator_data_dir(&env),
            PathBuf::from("/x/data/gpconnect-sim")
        );
        let env = env_of(&[("HOME", "/home/a")]);
        assert_eq!(
            simulator_data_dir(&env),
            PathBuf::from("/home/a/.local/share/gpconnect-sim")
        );
        assert_eq!(
            simulator_data_dir(&env_of(&[])),
            PathBuf::from(".gpconnect-sim")
        );
    }

    #[test]
    fn lookup_order() {
        let env = env_of(&[("HOME", "/home/a")]);
        let user = PathBuf::from("/home/a/.config/gpc/profile.toml");
        let sim = PathBuf::from("/home/a/.local/share/gpconnect-sim/gpc-profile.toml");

        let given = locate(Some(Path::new("/p.toml")), &env, &|_| false).unwrap();
        assert_eq!(given.path, PathBuf::from("/p.toml"));
        assert_eq!(given.origin, ProfileOrigin::Given);

        let both = locate(None, &env, &|_| true).unwrap();
        assert_eq!((both.path, both.origin), (user, ProfileOrigin::UserConfig));

        let only_sim = locate(None, &env, &|p| p == sim).unwrap();
        assert_eq!(
            (only_sim.path, only_sim.origin),
            (sim, ProfileOrigin::Simulator)
        );

        assert_eq!(locate(None, &env, &|_| false), None);

        let xdg = env_of(&[("XDG_CONFIG_HOME", "/cfg"), ("HOME", "/home/a")]);
        assert_eq!(
            user_profile_path(&xdg),
            Some(PathBuf::from("/cfg/gpc/profile.toml"))
        );
    }

    /// The simulator's demo consumer as the client's: the same TOML shape.
    fn demo_consumer() -> ConsumerIdentity {
        toml::from_str(&toml::to_string(&gpconnect_sim::demo_consumer()).unwrap()).unwrap()
    }

    fn demo_profile() -> Profile {
        Profile {
            ssp_url: Some("https://127.0.0.1:1".into()),
            sds: None,
            consumer: demo_consumer(),
            practices: vec![PracticeEntry {
                ods_code: OdsCode::parse("A20047").unwrap(),
                name: Some("Dr Legg's Surgery".into()),
                provider_root: Some(ProviderRoot::parse("https://p.example/A20047").unwrap()),
                asid: Some(Asid::parse("918999198001").unwrap()),
            }],
            tls: TlsFiles {
                client_certificate: "client.pem".into(),
                client_key: "/abs/client-key.pem".into(),
                trusted_ca: "ca.pem".into(),
            },
            connect_timeout_seconds: None,
            request_timeout_seconds: None,
            cis2: None,
            pds: None,
        }
    }

    #[test]
    fn relative_certificate_paths_are_relative_to_the_profile() {
        let text = toml::to_string(&demo_profile()).unwrap();
        let profile = parse_profile(&text, Path::new("/etc/gpc")).unwrap();
        assert_eq!(
            profile.tls.client_certificate,
            PathBuf::from("/etc/gpc/client.pem")
        );
        assert_eq!(profile.tls.client_key, PathBuf::from("/abs/client-key.pem"));
    }

    #[test]
    fn flags_override_the_profile() {
        let mut profile = demo_profile();
        let args = ConfigArgs {
            ssp_url: Some("https://ssp.example".into()),
            asid: Some("123456".into()),
            org_ods: Some("y12345".into()),
            org_type: Some(OrgTypeArg::GpPractice),
            user_given_name: vec!["Sam".into()],
            trusted_ca: Some("/other/ca.pem".into()),
            sds_url: Some("https://sds.example".into()),
            sds_api_key: Some("key".into()),
            practice_root: vec!["gpc001=https://p.example/GPC001".into()],
            practice_asid: vec!["A20047=42".into()],
            request_timeout_seconds: Some(5),
            ..ConfigArgs::default()
        };
        apply_flags(&mut profile, &args).unwrap();
        assert_eq!(profile.ssp_url.as_deref(), Some("https://ssp.example"));
        assert_eq!(profile.consumer.asid.as_str(), "123456");
        assert_eq!(profile.consumer.organisation.ods_code.as_str(), "Y12345");
        assert_eq!(
            profile.consumer.organisation.org_type,
            Some(OrganisationType::GpPractice)
        );
        assert_eq!(profile.consumer.user.given_names, vec!["Sam".to_owned()]);
        assert_eq!(profile.tls.trusted_ca, PathBuf::from("/other/ca.pem"));
        assert_eq!(profile.sds.as_ref().unwrap().url, "https://sds.example");
        assert_eq!(profile.practices.len(), 2);
        assert_eq!(profile.practices[0].asid.as_ref().unwrap().as_str(), "42");
        let added = &profile.practices[1];
        assert_eq!(added.ods_code.as_str(), "GPC001");
        assert!(added.resolved().is_none(), "no ASID yet: looked up in SDS");
        assert_eq!(profile.request_timeout_seconds, Some(5));
    }

    #[test]
    fn invalid_flag_values_are_input_errors() {
        let mut profile = demo_profile();
        let args = ConfigArgs {
            practice_asid: vec!["A20047".into()],
            ..ConfigArgs::default()
        };
        let err = apply_flags(&mut profile, &args).unwrap_err();
        assert_eq!(err.exit(), crate::Exit::InvalidInput);
        let args = ConfigArgs {
            asid: Some("12ab".into()),
            ..ConfigArgs::default()
        };
        assert!(apply_flags(&mut profile, &args).is_err());
    }

    #[test]
    fn without_a_profile_every_flag_is_needed() {
        let env = env_of(&[("HOME", "/nonexistent-home-for-gpc-tests")]);
        let args = ConfigArgs {
            asid: Some("1".into()),
            ..ConfigArgs::default()
        };
        let err = load(&args, &env).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("--org-ods") && message.contains("--trusted-ca"));
        assert!(!message.contains("--asid,"));
        assert_eq!(err.exit(), crate::Exit::Failure);

        let args = ConfigArgs {
            asid: Some("200000000359".into()),
            org_ods: Some("Y90001".into()),
            org_name: Some("Leeds Urgent Care".into()),
            org_phone: Some("0113 496 0999".into()),
            user_id: Some("u1".into()),
            user_family_name: Some("Morgan".into()),
            issuer: Some("https://consumer.example/".into()),
            identifier_system: Some("https://consumer.example/Id".into()),
            client_certificate: Some("/c.pem".into()),
            client_key: Some("/k.pem".into()),
            trusted_ca: Some("/ca.pem".into()),
            ..ConfigArgs::default()
        };
        let configuration = load(&args, &env).unwrap();
        assert!(configuration.location.is_none());
        assert_eq!(
            configuration.profile.consumer.organisation.name,
            "Leeds Urgent Care"
        );
    }
}
