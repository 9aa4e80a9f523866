//! The TypeScript side of the IPC contract, generated and committed in
//! `ui/src/ipc/bindings/`: every type reachable from the command table of `crate::ipc`
//! (by ts-rs), `commands.ts` (each command's arguments, channel and result) and
//! `constants.ts` (the rule limits the UI checks as the user types). The test fails when
//! the committed files are stale; `UPDATE_BINDINGS=1 cargo test bindings` rewrites them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ts_rs::{Config, Dependency, TS, TypeVisitor};

/// One argument, channel or result type of a command.
pub(crate) struct TypeRef {
    /// The Rust parameter name (snake_case).
    pub name: &'static str,
    ts: fn(&Config) -> String,
    imports: fn(&Config) -> Vec<Dependency>,
    export: fn(&Config) -> Vec<String>,
}

/// The exportable types `T` is made of: itself when it has a file, else what it wraps.
struct Files<'a>(&'a Config, Vec<Dependency>);

impl TypeVisitor for Files<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.1.extend(Dependency::from_ty::<T>(self.0));
    }
}

/// Exports every visited type with its dependencies; collects failures.
struct Export<'a>(&'a Config, Vec<String>);

impl TypeVisitor for Export<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some()
            && let Err(e) = T::export_all(self.0)
        {
            self.1.push(format!("{}: {e}", std::any::type_name::<T>()));
        }
    }
}

impl TypeRef {
    /// The type `T` under the parameter name `name`.
    pub fn named<T: TS + 'static>(name: &'static str) -> Self {
        Self {
            name,
            ts: |cfg| T::name(cfg),
            imports: |cfg| match Dependency::from_ty::<T>(cfg) {
                Some(own) => vec![own],
                None => {
                    let mut files = Files(cfg, Vec::new());
                    T::visit_dependencies(&mut files);
                    // A `Vec<T>` result: `T` itself.
                    T::visit_generics(&mut files);
                    files.1
                }
            },
            export: |cfg| {
                let mut export = Export(cfg, Vec::new());
                export.visit::<T>();
                if T::output_path().is_none() {
                    T::visit_dependencies(&mut export);
                    T::visit_generics(&mut export);
                }
                export.1
            },
        }
    }
}

/// One command of the table.
pub(crate) struct CommandSpec {
    /// Command name, as invoked.
    pub name: &'static str,
    /// Its documentation lines.
    pub doc: Vec<&'static str>,
    /// Its arguments, in order.
    pub args: Vec<TypeRef>,
    /// Its event channel, if any.
    pub channel: Option<TypeRef>,
    /// Its result.
    pub result: TypeRef,
}

/// Tauri passes arguments by their camelCase names.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn commands_ts(cfg: &Config, specs: &[CommandSpec]) -> String {
    let mut imports = BTreeMap::new();
    for spec in specs {
        let refs = spec.args.iter().chain(&spec.channel).chain([&spec.result]);
        for r in refs {
            for dependency in (r.imports)(cfg) {
                let file = dependency.output_path.with_extension("");
                imports.insert(dependency.ts_name, file.display().to_string());
            }
        }
    }
    let mut out = String::from(
        "// Generated from the command table in src-tauri/src/ipc.rs by `cargo test bindings`.\n\
         // Do not edit: `UPDATE_BINDINGS=1 cargo test bindings` rewrites it.\n",
    );
    out.push_str("import type { Channel } from \"@tauri-apps/api/core\";\n");
    for (name, file) in &imports {
        let _ = writeln!(out, "import type {{ {name} }} from \"./{file}\";");
    }
    out.push_str(
        "\n/** Every command: its arguments (camelCase, as Tauri passes them) and its result. */\n\
         export type Commands = {\n",
    );
    for spec in specs {
        let doc = spec
            .doc
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ");
        let mut args: Vec<String> = spec
            .args
            .iter()
            .map(|a| format!("{}: {}", camel(a.name), (a.ts)(cfg)))
            .collect();
        if let Some(channel) = &spec.channel {
            args.push(format!(
                "{}: Channel<{}>",
                camel(channel.name),
                (channel.ts)(cfg)
            ));
        }
        let args = if args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            format!("{{ {} }}", args.join("; "))
        };
        let _ = writeln!(out, "  /** {doc} */");
        let _ = writeln!(
            out,
            "  {}: {{ args: {args}; result: {} }};",
            spec.name,
            (spec.result.ts)(cfg)
        );
    }
    out.push_str("};\n\n/** A command name. */\nexport type CommandName = keyof Commands;\n");
    out
}

/// The rule limits the UI checks as the user types, from the crates that enforce them.
fn constants_ts() -> String {
    use gpconnect::appointments::{
        CANCELLATION_REASON_MAX_CHARS, COMMENT_MAX_CHARS, DESCRIPTION_MAX_CHARS,
    };
    use gpconnect::patients::{ADDRESS_LINE_MAX_CHARS, EMAIL_MAX_BYTES, NAME_MAX_CHARS};
    let constants: [(&str, &str, String); 9] = [
        (
            "DESCRIPTION_MAX_CHARS",
            "§3.5: appointment description, at most this many characters (required).",
            DESCRIPTION_MAX_CHARS.to_string(),
        ),
        (
            "COMMENT_MAX_CHARS",
            "§3.5: appointment comment, at most this many characters.",
            COMMENT_MAX_CHARS.to_string(),
        ),
        (
            "CANCELLATION_REASON_MAX_CHARS",
            "§3.9: this app's own limit on a cancellation reason (GP Connect sets none).",
            CANCELLATION_REASON_MAX_CHARS.to_string(),
        ),
        (
            "NAME_MAX_CHARS",
            "§3.4: a name part at registration (PDS holds up to 35 characters).",
            NAME_MAX_CHARS.to_string(),
        ),
        (
            "ADDRESS_LINE_MAX_CHARS",
            "§3.4: an address line at registration.",
            ADDRESS_LINE_MAX_CHARS.to_string(),
        ),
        (
            "EMAIL_MAX_BYTES",
            "§3.4: an email address at registration, in UTF-8 bytes (RFC 5321 counts octets).",
            EMAIL_MAX_BYTES.to_string(),
        ),
        (
            "MAX_SLOT_SEARCH_DAYS",
            "§3.2: days one slot search may cover (longer ranges are split).",
            gpconnect::time::MAX_SLOT_SEARCH_DAYS.to_string(),
        ),
        (
            "MAX_SEARCH_RANGE_DAYS",
            "The longest range one search may cover, in days (the backend refuses longer).",
            gpconnect::slots::MAX_SEARCH_RANGE_DAYS.to_string(),
        ),
        (
            "TIMEFRAME_REASON_MAX_CHARS",
            "The reason for booking outside the disposition timeframe, at most this many characters.",
            crate::views::booking::TIMEFRAME_REASON_MAX_CHARS.to_string(),
        ),
    ];
    let mut out = String::from(
        "// Generated from the Rust crates that enforce these rules by `cargo test bindings`.\n\
         // Do not edit: `UPDATE_BINDINGS=1 cargo test bindings` rewrites it.\n\
         // Character limits count Unicode characters (code points), not UTF-16 units.\n",
    );
    for (name, doc, value) in constants {
        let _ = write!(out, "\n/** {doc} */\nexport const {name} = {value};\n");
    }
    out
}

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/ipc/bindings")
}

fn files(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn export_all(dir: &Path) {
    // Tauri sends JSON numbers, never BigInt: every integer is a TypeScript number.
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    let specs = crate::ipc::specs();
    let mut failures = Vec::new();
    for spec in &specs {
        for r in spec.args.iter().chain(&spec.channel).chain([&spec.result]) {
            failures.extend((r.export)(&cfg));
        }
    }
    assert_eq!(
        failures,
        Vec::<String>::new(),
        "types that could not be exported"
    );
    std::fs::write(dir.join("commands.ts"), commands_ts(&cfg, &specs)).unwrap();
    std::fs::write(dir.join("constants.ts"), constants_ts()).unwrap();
}

#[test]
fn bindings_are_up_to_date() {
    let fresh = std::env::temp_dir().join(format!("gpc-bindings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir_all(&fresh).unwrap();
    export_all(&fresh);
    let generated = files(&fresh);
    for expected in [
        "BookableSlot.ts",
        "ErrorCode.ts",
        "commands.ts",
        "constants.ts",
    ] {
        assert!(generated.contains_key(expected), "{expected} is generated");
    }
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(committed_dir());
        std::fs::create_dir_all(committed_dir()).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed_dir().join(name), text).unwrap();
        }
    }
    let committed = files(&committed_dir());
    let _ = std::fs::remove_dir_all(&fresh);
    let stale: BTreeSet<_> = committed
        .keys()
        .chain(generated.keys())
        .filter(|name| committed.get(*name) != generated.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/ipc/bindings is stale ({stale:?}): run `UPDATE_BINDINGS=1 cargo test bindings` and commit"
    );
}

#[test]
fn every_command_is_documented_and_names_its_arguments() {
    let specs = crate::ipc::specs();
    let names: BTreeSet<_> = specs.iter().map(|s| s.name).collect();
    assert_eq!(names.len(), specs.len(), "command names are unique");
    for spec in &specs {
        assert!(!spec.doc.is_empty(), "{} has a doc line", spec.name);
    }
    assert_eq!(camel("suggested_name"), "suggestedName");
}
