//! The real sign-in listener on loopback, driven with raw TCP requests the way a hostile web
//! page or local process would send them (security review L1, L2; issue 15 items 5 and 6):
//! forged, stale and state-less redirects are ignored while the real one still signs in,
//! idle connections never hold up the real redirect, Microsoft's state-less cancel is
//! reported as a cancel, and the listener answers on both 127.0.0.1 and [::1] for
//! `localhost`.

mod auth_support;

use auth_support::browser::{Browser, Landing};
use auth_support::flows::{opener, practice_sign_in};
use auth_support::oidc::redirect_uri;
use closeout_core::auth::{
    BrowserOptions, Session, SignIn, LISTENER_MAX_CONNECTIONS, LISTENER_READ_TIMEOUT,
};
use closeout_core::{ErrorCode, Result};
use closeout_sim::{Sim, SimOptions};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

async fn sim(auto_consent: bool) -> Sim {
    let mut options = SimOptions::scenario("bakery");
    options.auto_consent = auto_consent;
    Sim::start(options).await.unwrap()
}

/// The listener's port and the real redirect's request target (path and query), obtained
/// the way a browser would: the practice tenant answers the authorize URL with a 302.
struct Waiting {
    port: u16,
    real_target: Option<String>,
}

impl Waiting {
    /// The listener's IPv4 address, and the `Host` a browser sends for `localhost`.
    fn v4_and_host(&self) -> (String, String) {
        (
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        )
    }
}

async fn waiting_sign_in(authorize_url: &str, with_code: bool) -> Waiting {
    let loopback = url::Url::parse(&redirect_uri(authorize_url)).unwrap();
    assert_eq!(loopback.host_str(), Some("localhost"), "{loopback}");
    let port = loopback.port().unwrap();
    if !with_code {
        return Waiting {
            port,
            real_target: None,
        };
    }
    let mut browser = Browser::new();
    let back = match browser
        .navigate(authorize_url, &redirect_uri(authorize_url))
        .await
    {
        Landing::Loopback(back) => url::Url::parse(&back).unwrap(),
        Landing::Page { body, .. } => panic!("the practice tenant refused the sign-in: {body}"),
    };
    Waiting {
        port,
        real_target: Some(format!("{}?{}", back.path(), back.query().unwrap())),
    }
}

/// Sends one GET over a fresh connection to `address` and returns the status code.
async fn raw_get(address: &str, target: &str, host: &str) -> u16 {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"))
}

/// Runs the browser sign-in while `drive` plays the browser (and the attacker).
async fn sign_in_while<F, Fut>(sign_in: &SignIn, drive: F) -> Result<Session>
where
    F: FnOnce(String) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let (tx, rx) = oneshot::channel::<String>();
    let driver = tokio::spawn(async move { drive(rx.await.unwrap()).await });
    let options = BrowserOptions {
        timeout: Duration::from_secs(60),
        ..BrowserOptions::default()
    };
    let outcome = sign_in.browser(&options, opener(tx)).await;
    driver.await.unwrap();
    outcome
}

#[tokio::test]
async fn forged_stale_and_state_less_redirects_are_ignored_and_the_real_one_still_signs_in() {
    let sim = sim(true).await;
    let sign_in = practice_sign_in(&sim, None);
    let session = sign_in_while(&sign_in, |url| async move {
        let waiting = waiting_sign_in(&url, true).await;
        let (address, host) = waiting.v4_and_host();
        let (port, real) = (waiting.port, waiting.real_target.unwrap());
        // What any web page can send with <img src=...>, and what a stale tab sends.
        for (forged, status) in [
            ("/?code=attacker-code", 400),
            ("/?code=attacker-code&state=guessed", 400),
            ("/?error=access_denied&state=guessed", 400),
            ("/?state=guessed", 400),
            ("/favicon.ico", 404),
        ] {
            assert_eq!(raw_get(&address, forged, &host).await, status, "{forged}");
        }
        // The real answer, but from a page on another name that resolves here.
        let rebound = raw_get(&address, &real, &format!("evil.example:{port}")).await;
        assert_eq!(rebound, 400, "DNS rebinding is not served");
        // The listener is still there, and takes the real redirect.
        assert_eq!(raw_get(&address, &real, &host).await, 200);
    })
    .await
    .expect("the real redirect signs in after the forged ones");
    let me = session.identify().await.unwrap();
    assert_eq!(me.user_principal_name, sim.admin_upn());
}

#[tokio::test]
async fn an_idle_connection_does_not_hold_up_the_real_redirect() {
    let sim = sim(true).await;
    let sign_in = practice_sign_in(&sim, None);
    let elapsed = std::sync::Arc::new(std::sync::Mutex::new(None));
    let measured = elapsed.clone();
    sign_in_while(&sign_in, |url| async move {
        let waiting = waiting_sign_in(&url, true).await;
        let (address, host) = waiting.v4_and_host();
        // A connection that never sends a byte, and one that stops half-way through a line.
        let _idle = TcpStream::connect(&address).await.unwrap();
        let mut slow = TcpStream::connect(&address).await.unwrap();
        slow.write_all(b"GET /?code=").await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let started = Instant::now();
        let status = raw_get(&address, &waiting.real_target.unwrap(), &host).await;
        *measured.lock().unwrap() = Some((status, started.elapsed()));
    })
    .await
    .expect("signed in while idle connections were open");
    let (status, took) = elapsed.lock().unwrap().unwrap();
    assert_eq!(status, 200);
    assert!(
        took < LISTENER_READ_TIMEOUT / 2,
        "the real redirect waited {took:?} behind idle connections"
    );
}

#[tokio::test]
async fn a_flood_of_idle_connections_is_cut_after_the_read_timeout() {
    let sim = sim(true).await;
    let sign_in = practice_sign_in(&sim, None);
    sign_in_while(&sign_in, |url| async move {
        let waiting = waiting_sign_in(&url, true).await;
        let (address, host) = waiting.v4_and_host();
        // More idle connections than the listener serves at once: the real redirect queues
        // behind them, until the read timeout cuts them.
        let started = Instant::now();
        let mut idle = Vec::new();
        for _ in 0..LISTENER_MAX_CONNECTIONS + 4 {
            idle.push(TcpStream::connect(&address).await.unwrap());
        }
        let real = waiting.real_target.unwrap();
        let redirect = tokio::spawn(async move { raw_get(&address, &real, &host).await });
        let mut byte = [0u8; 1];
        let closed = tokio::time::timeout(
            LISTENER_READ_TIMEOUT + Duration::from_secs(3),
            idle[0].read(&mut byte),
        )
        .await;
        assert!(
            matches!(closed, Ok(Ok(0)) | Ok(Err(_))),
            "an idle connection was left open"
        );
        let cut_after = started.elapsed();
        assert!(
            cut_after + Duration::from_millis(500) >= LISTENER_READ_TIMEOUT,
            "closed after {cut_after:?}: not by the read timeout"
        );
        assert_eq!(redirect.await.unwrap(), 200);
        let took = started.elapsed();
        assert!(
            took < LISTENER_READ_TIMEOUT * 2 + Duration::from_secs(2),
            "the real redirect waited {took:?}"
        );
    })
    .await
    .expect("signed in despite the flood");
}

#[tokio::test]
async fn microsofts_cancel_without_state_is_reported_as_a_cancel() {
    let sim = sim(false).await;
    let sign_in = practice_sign_in(&sim, None);
    let err = sign_in_while(&sign_in, |url| async move {
        let (address, host) = waiting_sign_in(&url, false).await.v4_and_host();
        // The error response exactly as Microsoft's authorization code flow documents it.
        let cancel = "/?error=access_denied&error_description=the+user+canceled+the+authentication";
        assert_eq!(raw_get(&address, cancel, &host).await, 200);
    })
    .await
    .err()
    .expect("a cancel never signs in");
    assert_eq!(err.code, ErrorCode::SignInCancelled);
    let details = err.details.unwrap();
    assert_eq!(details["microsoftError"], "access_denied");
    assert_eq!(details["step"], "Authorize");
}

#[tokio::test]
async fn localhost_is_answered_on_ipv6_loopback_too() {
    let sim = sim(true).await;
    let sign_in = practice_sign_in(&sim, None);
    sign_in_while(&sign_in, |url| async move {
        let waiting = waiting_sign_in(&url, true).await;
        // This machine has IPv6 loopback (the test fails, not skips, if the listener does
        // not use it): a browser that resolves `localhost` to ::1 must reach Closeout.
        let address = format!("[::1]:{}", waiting.port);
        let (_, host) = waiting.v4_and_host();
        let status = raw_get(&address, &waiting.real_target.unwrap(), &host).await;
        assert_eq!(status, 200);
    })
    .await
    .expect("signed in through [::1]");
}
