//! The CampusDesk sync server as a library: `launch` serves on a listener the caller binds (a
//! test binds port 0) until the shutdown future completes. This first cut answers `/health`
//! and `/capabilities`; the sync protocol, enrolment and backups are the sync issue's work.

use std::future::Future;

use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tokio::net::TcpListener;

/// The sync protocol version this server speaks; clients send theirs with every request.
pub const PROTOCOL_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
struct Capabilities {
    protocol_versions: Vec<u32>,
    app_version: &'static str,
}

fn router() -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/capabilities",
            get(|| async {
                Json(Capabilities {
                    protocol_versions: vec![PROTOCOL_VERSION],
                    app_version: env!("CARGO_PKG_VERSION"),
                })
            }),
        )
}

/// Serves until `shutdown` completes, then finishes the requests under way.
pub async fn launch(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    tracing::info!(address = ?listener.local_addr().ok(), "sync server listening");
    axum::serve(listener, router())
        .with_graceful_shutdown(shutdown)
        .await
}
