//! The real server over HTTP on port 0.

use campusdesk_sync_server::{PROTOCOL_VERSION, launch};

#[tokio::test]
async fn health_and_capabilities_answer_over_http_and_shutdown_is_graceful() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(launch(listener, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let health = client
        .get(format!("http://{address}/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(
        (health.status().as_u16(), health.text().await.expect("body")),
        (200, "ok".to_owned())
    );
    let capabilities: serde_json::Value = client
        .get(format!("http://{address}/capabilities"))
        .send()
        .await
        .expect("capabilities")
        .json()
        .await
        .expect("json");
    assert_eq!(
        capabilities["protocol_versions"],
        serde_json::json!([PROTOCOL_VERSION])
    );
    stop.send(()).expect("server still running");
    server.await.expect("joined").expect("served without error");
}
