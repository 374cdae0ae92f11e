//! `closeout-sim`: run the practice tenant as a standalone server.
//!
//! `cargo run -p closeout-sim -- --scenario bakery --port 0` prints the base URLs and
//! serves until Ctrl-C. `--help` lists every option.

use closeout_sim::{Faults, Latency, Sim, SimOptions, TargetedFault};
use std::time::Duration;

const HELP: &str =
    "closeout-sim: the Closeout practice tenant (Microsoft Graph, sign-in and portal emulator)

Options:
  --scenario NAME      bakery (default), agency, large, synced, partner, not-admin, users-N
  --port N             TCP port on 127.0.0.1 (0 = any free port; default 0)
  --seed N             seed for ids, sizes, faults (default 1)
  --auto-consent       sign-in redirects straight back with a code (no page)
  --no-throttling      switch the directory throttling model off
  --clock-speed X      simulated seconds per real second (default 1)
  --concealed-names    usage reports show hashed names
  --latency-ms N       add N ms before every Graph answer
  --fault-rate X       inject 429/503/504 (with Retry-After) on a share X (0..1) of Graph requests
  --faults K=R,...     fault rates by kind: 429, 503, 504, reset, hang, truncate (whole requests),
                       item-STATUS (one request inside a $batch, e.g. item-403=0.05,item-500=0.01)
  --odd-shapes         a person and an enterprise app without a display name, a conditional
                       access state from a later Graph (shapes Microsoft's schema allows)
  --fail PATTERN=STATUS  every request whose path contains PATTERN answers STATUS (repeatable),
                       e.g. --fail /policies/=403
  --device-code-interval N   device-code polling interval in seconds (default 5)";

fn parse(args: &[String]) -> Result<SimOptions, String> {
    let mut opts = SimOptions::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--scenario" => opts.scenario = value("--scenario")?,
            "--port" => {
                opts.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port must be a number")?
            }
            "--seed" => {
                opts.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed must be a number")?
            }
            "--clock-speed" => {
                opts.clock_speed = value("--clock-speed")?
                    .parse()
                    .map_err(|_| "--clock-speed must be a number")?
            }
            "--latency-ms" => {
                let ms: u64 = value("--latency-ms")?
                    .parse()
                    .map_err(|_| "--latency-ms must be a number")?;
                opts.latency = Latency::Fixed(Duration::from_millis(ms));
            }
            "--fault-rate" => {
                let rate: f64 = value("--fault-rate")?
                    .parse()
                    .map_err(|_| "--fault-rate must be a number")?;
                let each = rate.clamp(0.0, 1.0) / 3.0;
                opts.faults = Faults {
                    throttle: each,
                    unavailable: each,
                    gateway_timeout: each,
                    ..Faults::default()
                };
            }
            "--faults" => parse_faults(&value("--faults")?, &mut opts)?,
            "--fail" => {
                let spec = value("--fail")?;
                let (pattern, status) =
                    spec.rsplit_once('=').ok_or("--fail takes PATTERN=STATUS")?;
                let status = status
                    .parse()
                    .map_err(|_| "--fail: STATUS must be a number")?;
                opts.targeted_faults
                    .push(TargetedFault::new(pattern, status));
            }
            "--device-code-interval" => {
                opts.device_code_interval = value("--device-code-interval")?
                    .parse()
                    .map_err(|_| "--device-code-interval must be a number")?
            }
            "--auto-consent" => opts.auto_consent = true,
            "--no-throttling" => opts.throttling = false,
            "--concealed-names" => opts.concealed_report_names = true,
            "--odd-shapes" => opts.odd_shapes = true,
            other => return Err(format!("unknown option '{other}'\n\n{HELP}")),
        }
    }
    Ok(opts)
}

/// `--faults 429=0.1,reset=0.02,item-403=0.05`.
fn parse_faults(spec: &str, opts: &mut SimOptions) -> Result<(), String> {
    for pair in spec.split(',').filter(|p| !p.is_empty()) {
        let (kind, rate) = pair
            .split_once('=')
            .ok_or(format!("--faults: '{pair}' is not KIND=RATE"))?;
        let rate: f64 = rate
            .parse()
            .map_err(|_| format!("--faults: the rate of '{kind}' must be a number"))?;
        let rate = rate.clamp(0.0, 1.0);
        let f = &mut opts.faults;
        match kind {
            "429" => f.throttle = rate,
            "503" => f.unavailable = rate,
            "504" => f.gateway_timeout = rate,
            "reset" => f.reset = rate,
            "hang" => f.hang = rate,
            "truncate" => f.truncate = rate,
            item => {
                let status = item
                    .strip_prefix("item-")
                    .and_then(|s| s.parse::<u16>().ok())
                    .ok_or(format!("--faults: unknown kind '{kind}'"))?;
                opts.item_faults.push((status, rate));
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "closeout_sim=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return;
    }
    let opts = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let interrupted = interrupt_listener();
    let sim = match Sim::start(opts).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!("Practice tenant is running.");
    println!("  Graph:      {}/v1.0", sim.base_url());
    println!("  Sign-in:    {}", sim.authority());
    println!("  Portal:     {}", sim.portal_url());
    println!("  Client id:  {}", sim.client_id());
    println!("  Tenant id:  {}", sim.tenant_id());
    println!("  Signed-in:  {}", sim.admin_upn());
    println!("Press Ctrl-C to stop.");
    interrupted.await;
    sim.shutdown().await;
    println!("Stopped.");
}

/// Listens for Ctrl-C from now on (registering before the URLs are printed, so a script that
/// interrupts right after reading them still gets a clean stop).
#[cfg(unix)]
fn interrupt_listener() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt()).ok();
    async move {
        match interrupt.as_mut() {
            Some(s) => {
                s.recv().await;
            }
            None => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

#[cfg(not(unix))]
fn interrupt_listener() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
