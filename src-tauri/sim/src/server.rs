//! The HTTP server loop: one task per connection, each with a kill switch so an injected
//! "connection reset" fault can drop the socket with a TCP RST mid-request.

use axum::Router;
use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Put into every request's extensions; `reset()` tears the connection down.
#[derive(Clone)]
pub struct ConnControl {
    kill: Arc<Notify>,
}

impl ConnControl {
    pub fn reset(&self) {
        self.kill.notify_one();
    }
}

/// Serves `router` until `shutdown` fires; then every open connection is dropped.
pub async fn serve(listener: TcpListener, router: Router, mut shutdown: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                if let Some(task) = connection(stream, router.clone()) {
                    connections.spawn(task);
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

fn connection(stream: TcpStream, router: Router) -> Option<impl std::future::Future<Output = ()>> {
    let _ = stream.set_nodelay(true);
    // A second handle on the socket lets a reset set SO_LINGER=0 after hyper owns the stream.
    let std_stream = stream.into_std().ok()?;
    let spare = std_stream.try_clone().ok()?;
    let stream = TcpStream::from_std(std_stream).ok()?;
    let kill = Arc::new(Notify::new());
    let control = ConnControl { kill: kill.clone() };
    let service = router.map_request(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(control.clone());
        req
    });
    let service = TowerToHyperService::new(service);
    Some(async move {
        let conn = hyper::server::conn::http1::Builder::new()
            .keep_alive(true)
            .serve_connection(TokioIo::new(stream), service);
        tokio::select! {
            _ = conn => {}
            _ = kill.notified() => {
                let _ = socket2::SockRef::from(&spare).set_linger(Some(Duration::ZERO));
            }
        }
        drop(spare);
    })
}
