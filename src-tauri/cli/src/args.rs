//! The command line, parsed by hand (a dozen options do not need a parser crate).

use closeout_core::closure::{StepId, StepOptions};
use closeout_core::{Error, ErrorCode, Result};
use std::path::PathBuf;

/// The help text; `{steps}` is [`StepId::ALL`] (see [`help_text`]).
const USAGE: &str = "\
closeout-cli: close a Microsoft 365 business account from the command line

USAGE: closeout-cli [OPTIONS] <COMMAND> [ARGS]

COMMANDS
  sign-in [--device-code]     sign in (browser, or a device code to type elsewhere)
  sign-out                    sign out and forget the saved sign-in on this computer
  status                      where each step stands, and what is next and when
  checks                      what Closeout found before starting
  plan [STEP]                 what a step (or every step) will change
  run STEP [--confirm NAME] [--purge] [--bought-directly] [--domains-bought-elsewhere]
           [--bills-paid] [--turn-off-policies-stopping-me] [--sign-ups-deleted]
                              do a step; destructive steps ask for the organization's name;
                              --purge (users, domains): empty the recycle bin of what the
                              step deletes too; --bought-directly
                              (cancel_subscriptions): the subscriptions that name another
                              organization as owner were bought from Microsoft, not a partner;
                              --domains-bought-elsewhere (domains): no domain was bought
                              through Microsoft 365; --bills-paid (directory): every bill
                              on Billing > Bills & payments is paid;
                              --turn-off-policies-stopping-me (mfa): also turn off the
                              conditional access policies the plan says would keep you out
                              of Microsoft's admin portals; --sign-ups-deleted
                              (directory): every product on Entra's Self-service sign-up
                              products page is deleted (Microsoft still lists one)
  backup-done --confirm NAME  say your backups are done (settles the backup checklist)
  check-azure [--elevate]     look for Azure subscriptions (asks for the Azure consent once);
                              --elevate: turn on access management for Azure resources to see
                              every one (turned off again once none is left)
  report                      the closure report: what was done, when, with request ids
  mail-check [DOMAIN] [--dns ADDR:PORT]
                              the domain's DNS against what Microsoft 365 put there: exits
                              0 when nothing points at Microsoft, 2 when records are to change
  backup start --to DIR       save every mailbox and OneDrive reachable now into DIR (resumes
                              a backup already there); 0 complete, 2 items left for you
  backup status [DIR]         how far the backup in DIR (or the last one) got
  backup verify DIR           re-hash every item of DIR/manifest.json; 0 intact, 1 bad items
  sim [--scenario NAME] [--port N]
                              start the practice tenant and wait (Ctrl-C stops it)

STEPS: {steps}

OPTIONS
  --practice SCENARIO   run against a practice tenant started in this process
  --authority URL       sign-in authority (default Microsoft's /organizations)
  --client-id ID        the Closeout app registration's client id
  --graph URL           Graph base URL (default https://graph.microsoft.com)
  --arm URL             Azure Resource Manager base URL (default https://management.azure.com)
  --data-dir DIR        where the journal lives (default: the OS app-data folder)
  --batch-size N        actions per journaled chunk (default 100)
  --timeout SECS        how long to wait for one answer from Microsoft (default 60)
  --json                machine-readable output
  Environment: CLOSEOUT_ACCESS_TOKEN (a token for scripts), CLOSEOUT_TENANT_ID,
  CLOSEOUT_CLIENT_ID, CLOSEOUT_AUTHORITY, CLOSEOUT_GRAPH_URL, CLOSEOUT_DATA_DIR,
  CLOSEOUT_ARM_URL, CLOSEOUT_ARM_ACCESS_TOKEN (an Azure Resource Manager token for scripts).

EXIT CODES: 0 done, 2 to do (your turn), 3 waiting for Microsoft, 4 blocked,
            5 couldn't check (part could not be read: check again), 1 error, 64 usage";

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    SignIn {
        device_code: bool,
    },
    SignOut,
    Status,
    Checks,
    Plan {
        step: Option<StepId>,
    },
    Run {
        step: StepId,
        confirm: Option<String>,
        options: StepOptions,
    },
    BackupDone {
        confirm: Option<String>,
    },
    Report,
    CheckAzure {
        elevate: bool,
    },
    Backup(crate::backup::BackupCommand),
    Sim {
        scenario: String,
        port: u16,
    },
    MailCheck {
        domain: Option<String>,
        dns: Option<std::net::SocketAddr>,
    },
    Help,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    pub practice: Option<String>,
    pub authority: Option<String>,
    pub client_id: Option<String>,
    pub graph: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub batch_size: Option<usize>,
    /// `--timeout SECS`: one answer's time limit (the Graph client's request timeout).
    pub timeout: Option<std::time::Duration>,
    pub json: bool,
    /// `--arm URL`: Azure Resource Manager's base (the practice tenant's `{base}/arm`).
    pub arm: Option<String>,
}

/// The help text, with the steps from the one list of steps.
pub fn help_text() -> String {
    let steps: Vec<&str> = StepId::ALL.iter().map(|s| s.as_str()).collect();
    USAGE.replace("{steps}", &steps.join(", "))
}

fn usage(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidInput, message)
}

/// Parses everything after the program name.
pub fn parse(args: &[String]) -> Result<(Options, Command)> {
    let mut options = Options::default();
    let mut words = Vec::new();
    let mut confirm = None;
    let mut flags = Vec::new();
    let mut scenario = "bakery".to_string();
    let mut port = 0u16;
    let mut dns = None;
    let mut to = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| usage(format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--practice" => options.practice = Some(value(arg)?),
            "--authority" => options.authority = Some(value(arg)?),
            "--client-id" => options.client_id = Some(value(arg)?),
            "--graph" => options.graph = Some(value(arg)?),
            "--data-dir" => options.data_dir = Some(PathBuf::from(value(arg)?)),
            "--confirm" => confirm = Some(value(arg)?),
            "--to" => to = Some(PathBuf::from(value(arg)?)),
            "--batch-size" => {
                let size = value(arg)?
                    .parse()
                    .map_err(|_| usage("--batch-size needs a number"))?;
                options.batch_size = Some(size);
            }
            "--timeout" => {
                let secs: f64 = value(arg)?
                    .parse()
                    .ok()
                    .filter(|s: &f64| *s > 0.0 && s.is_finite())
                    .ok_or_else(|| usage("--timeout needs a number of seconds"))?;
                options.timeout = Some(std::time::Duration::from_secs_f64(secs));
            }
            "--scenario" => scenario = value(arg)?,
            "--port" => {
                port = value(arg)?
                    .parse()
                    .map_err(|_| usage("--port needs a number"))?
            }
            "--dns" => {
                dns =
                    Some(value(arg)?.parse().map_err(|_| {
                        usage("--dns needs an address and port, such as 127.0.0.1:53")
                    })?)
            }
            "--json" => options.json = true,
            "--arm" => options.arm = Some(value(arg)?),
            "--purge"
            | "--device-code"
            | "--bought-directly"
            | "--elevate"
            | "--domains-bought-elsewhere"
            | "--bills-paid"
            | "--turn-off-policies-stopping-me"
            | "--sign-ups-deleted" => flags.push(arg.clone()),
            "-h" | "--help" => return Ok((options, Command::Help)),
            other if other.starts_with("--") => {
                return Err(usage(format!("unknown option {other}")))
            }
            word => words.push(word.to_string()),
        }
    }
    let step = |i: usize| words.get(i).map(|w| w.parse::<StepId>()).transpose();
    let command = match words.first().map(String::as_str) {
        Some("sign-in") => Command::SignIn {
            device_code: flags.iter().any(|f| f == "--device-code"),
        },
        Some("sign-out") => Command::SignOut,
        Some("status") => Command::Status,
        Some("checks") => Command::Checks,
        Some("plan") => Command::Plan { step: step(1)? },
        Some("run") => Command::Run {
            step: step(1)?.ok_or_else(|| usage("run needs a step"))?,
            confirm,
            // `--purge` empties the recycle bin of what the step deletes (people in step 1,
            // Microsoft 365 groups in the Domains step).
            options: StepOptions {
                purge_deleted_users: flags.iter().any(|f| f == "--purge"),
                bought_directly: flags.iter().any(|f| f == "--bought-directly"),
                purge_deleted_groups: flags.iter().any(|f| f == "--purge"),
                domains_not_bought_from_microsoft: flags
                    .iter()
                    .any(|f| f == "--domains-bought-elsewhere"),
                no_unpaid_invoices: flags.iter().any(|f| f == "--bills-paid"),
                turn_off_policies_stopping_me: flags
                    .iter()
                    .any(|f| f == "--turn-off-policies-stopping-me"),
                self_service_products_deleted: flags.iter().any(|f| f == "--sign-ups-deleted"),
            },
        },
        Some("backup-done") => Command::BackupDone { confirm },
        Some("report") => Command::Report,
        Some("check-azure") => Command::CheckAzure {
            elevate: flags.iter().any(|f| f == "--elevate"),
        },
        Some("backup") => Command::Backup(crate::backup::parse(&words[1..], to)?),
        Some("sim") => Command::Sim { scenario, port },
        Some("mail-check") => Command::MailCheck {
            domain: words.get(1).cloned(),
            dns,
        },
        Some("help") | None => Command::Help,
        Some(other) => return Err(usage(format!("unknown command {other}"))),
    };
    Ok((options, command))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn run_with_confirmation_and_options() {
        let (options, command) = parse(&words(
            "--practice agency --json run users --confirm Contoso --purge",
        ))
        .unwrap();
        assert_eq!(options.practice.as_deref(), Some("agency"));
        assert!(options.json);
        assert_eq!(
            command,
            Command::Run {
                step: StepId::Users,
                confirm: Some("Contoso".into()),
                options: StepOptions {
                    purge_deleted_users: true,
                    bought_directly: false,
                    purge_deleted_groups: true,
                    domains_not_bought_from_microsoft: false,
                    no_unpaid_invoices: false,
                    turn_off_policies_stopping_me: false,
                    self_service_products_deleted: false,
                }
            }
        );
    }

    #[test]
    fn sign_out_is_a_command() {
        assert_eq!(parse(&words("sign-out")).unwrap().1, Command::SignOut);
    }

    #[test]
    fn unknown_steps_and_options_are_refused() {
        assert_eq!(
            parse(&words("run everything")).unwrap_err().code,
            ErrorCode::InvalidInput
        );
        assert_eq!(
            parse(&words("--frobnicate status")).unwrap_err().code,
            ErrorCode::InvalidInput
        );
        assert_eq!(
            parse(&words("run")).unwrap_err().code,
            ErrorCode::InvalidInput
        );
    }
}
