//! `keywarden serve` behind nginx `auth_request`, against the same nginx
//! whose `auth_request` answers from a static location (the proxy's own
//! floor), with wrk on the same machine: requests/s, the ratio to the
//! floor, and latency percentiles. Every answered request is audited; the
//! SQLite store runs at synchronous=FULL.
//!
//! `cargo bench --bench serve [-- --sqlite|--postgres] [--seconds N]`

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::*;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// nginx in front of `auth` (keywarden or its own static 200).
fn start_nginx(dir: &Path, auth: Option<u16>) -> (Proc, u16) {
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    let (port, upstream, floor) = (free_port(), free_port(), free_port());
    let d = dir.display();
    let auth_target = match auth {
        Some(p) => format!("http://127.0.0.1:{p}/v1/verify"),
        None => format!("http://127.0.0.1:{floor}/"),
    };
    let host = auth_target
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let path = auth_target.splitn(4, '/').nth(3).unwrap_or("").to_owned();
    let conf = format!(
        r#"worker_processes 1;
master_process off;
daemon off;
error_log {d}/error.log error;
pid {d}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {d}/tmp/body; proxy_temp_path {d}/tmp/proxy;
  fastcgi_temp_path {d}/tmp/fcgi; uwsgi_temp_path {d}/tmp/uwsgi; scgi_temp_path {d}/tmp/scgi;
  upstream auth {{ server {host}; keepalive 64; }}
  server {{ listen 127.0.0.1:{upstream}; return 200 "ok\n"; }}
  server {{ listen 127.0.0.1:{floor}; return 200 ""; }}
  server {{
    listen 127.0.0.1:{port};
    location = /_auth {{
      internal;
      proxy_pass http://auth/{path};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Prefer "return=minimal";
      proxy_set_header X-Keywarden-Resource "org:acme/collection:docs";
    }}
    location / {{
      auth_request /_auth;
      proxy_set_header Authorization "";
      proxy_pass http://127.0.0.1:{upstream};
    }}
  }}
}}
"#
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let nginx = if Path::new("/usr/sbin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        "nginx"
    };
    let child = Command::new(nginx)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .spawn()
        .expect("nginx (apt-get install nginx)");
    std::thread::sleep(Duration::from_millis(500));
    (Proc(child), port)
}

struct Wrk {
    rps: f64,
    p50: f64,
    p99: f64,
    non2xx: u64,
}

fn wrk(port: u16, token: &str, seconds: u64) -> Wrk {
    let out = Command::new("wrk")
        .args(["-t2", "-c32", "--latency", &format!("-d{seconds}s")])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .arg(format!("http://127.0.0.1:{port}/"))
        .output()
        .expect("wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let num = |prefix: &str| -> f64 {
        text.lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(|v| {
                let (n, unit) = v.split_at(v.find(|c: char| c.is_alphabetic()).unwrap_or(v.len()));
                let n: f64 = n.parse().unwrap_or(f64::NAN);
                match unit {
                    "us" => n / 1000.0,
                    "ms" => n,
                    "s" => n * 1000.0,
                    _ => n,
                }
            })
            .unwrap_or(f64::NAN)
    };
    let non2xx = text
        .lines()
        .find(|l| l.contains("Non-2xx"))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    Wrk {
        rps: num("Requests/sec:"),
        p50: num("50%"),
        p99: num("99%"),
        non2xx,
    }
}

fn main() {
    let seconds: u64 = arg_value("--seconds").map_or(10, |s| s.parse().unwrap());
    let mut report = format!(
        "## keywarden serve behind nginx (issue 14)\n\n{}; wrk -t2 -c32 for {seconds} s on the same machine, against \
         nginx `auth_request` to keywarden (every answered request audited; SQLite at synchronous=FULL) and against the same \
         nginx whose `auth_request` hits a static 200 (the floor), in the same run. One key, bcrypt cost 12, remembered after \
         the first check.\n\n| store | keywarden checked req/s | floor req/s | ratio (target ≥ 0.5) | p50 | p99 (target ≤ 10 ms) | non-2xx |\n|---|---|---|---|---|---|---|\n",
        machine()
    );
    for b in backends() {
        let (url, _guard) = fresh_store(b);
        kw(&url, &["init"]);
        let token = kw(
            &url,
            &[
                "-q",
                "keys",
                "create",
                "--name",
                "bench",
                "--scope",
                "org:acme",
                "--ability",
                "read:docs",
            ],
        );
        let token = token.trim().to_owned();
        let dir = tempfile::tempdir().unwrap();
        let (_serve, kp) = start_serve(&url, &[]);
        let (_nginx, port) = start_nginx(&dir.path().join("kw"), Some(kp));
        let (_floor, fport) = start_nginx(&dir.path().join("floor"), None);
        let _warm = wrk(port, &token, 2);
        let floor = wrk(fport, &token, seconds);
        let checked = wrk(port, &token, seconds);
        let events = kw(&url, &["--json", "store", "status"]);
        println!(
            "{}: {checked_rps:.0} req/s vs floor {floor_rps:.0}; {events}",
            b.name(),
            checked_rps = checked.rps,
            floor_rps = floor.rps
        );
        report.push_str(&format!(
            "| {} | {:.0} | {:.0} | **{:.2}** | {:.2} ms | {:.2} ms | {} |\n",
            b.name(),
            checked.rps,
            floor.rps,
            checked.rps / floor.rps,
            checked.p50,
            checked.p99,
            checked.non2xx
        ));
    }
    write_section("serve", &report);
}
