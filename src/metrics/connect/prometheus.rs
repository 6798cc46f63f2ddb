//! Prometheus: one instant query against the HTTP API, evaluated at the as-of time.

use super::{number_from_text, Window};
use serde_json::Value;
use std::time::Duration;

/// An HTTP client that gives up after `timeout` and follows no redirect (a redirect
/// could send the query, and any credentials, to another host or port); one serves
/// every query of a worker.
pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// Evaluates `expr` at the end of the as-of day (or now, for today) and reads its value.
pub fn read(
    agent: &ureq::Agent,
    url: &str,
    expr: &str,
    window: &Window,
    timeout: Duration,
) -> Result<f64, String> {
    let endpoint = format!("{url}/api/v1/query");
    let mut response = agent
        .get(&endpoint)
        .query("query", expr)
        .query("time", evaluation_time(window).to_string())
        .call()
        .map_err(|e| match e {
            ureq::Error::Timeout(_) => format!("{url} did not answer within {timeout:?}"),
            e => format!("cannot reach {url}: {e}"),
        })?;
    let status = response.status();
    if status.is_redirection() {
        let to = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("elsewhere");
        return Err(format!(
            "{url} answered HTTP {} and sent the query to {to}; okr follows no redirects, \
             so write the final URL in metrics.yaml",
            status.as_u16()
        ));
    }
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("cannot read the answer from {url}: {e}"))?;
    let answer: Value = serde_json::from_str(&body).map_err(|_| {
        format!(
            "{url} answered HTTP {} with something that is not Prometheus JSON",
            status.as_u16()
        )
    })?;
    if answer["status"] != "success" {
        return Err(format!(
            "Prometheus refused the query: {} ({})",
            answer["error"].as_str().unwrap_or("no reason given"),
            answer["errorType"].as_str().unwrap_or("error")
        ));
    }
    if !status.is_success() {
        return Err(format!(
            "{url} answered HTTP {}; a value is taken only from a successful answer",
            status.as_u16()
        ));
    }
    value_of(&answer["data"])
}

/// The Unix time the query is evaluated at: the as-of day's last second, or now.
fn evaluation_time(window: &Window) -> i64 {
    let end_of_day = window
        .as_of
        .and_hms_opt(23, 59, 59)
        .map_or(0, |t| t.and_utc().timestamp());
    end_of_day.min(chrono::Utc::now().timestamp())
}

/// The one number in a `vector` or `scalar` result.
fn value_of(data: &Value) -> Result<f64, String> {
    match data["resultType"].as_str() {
        Some("scalar") => sample(&data["result"]),
        Some("vector") => {
            let series = data["result"].as_array().map_or(&[][..], Vec::as_slice);
            match series {
                [] => Err("the query returned no series (is the metric scraped, and the time inside its retention?)".into()),
                [one] => sample(&one["value"]),
                many => Err(format!(
                    "the query returned {} series ({}); aggregate it, e.g. with sum(), to get one",
                    many.len(),
                    many.iter().take(3).map(|s| labels(&s["metric"])).collect::<Vec<_>>().join(", ")
                )),
            }
        }
        Some(other) => Err(format!(
            "the query returned a {other}; use an instant expression without a range selector"
        )),
        None => Err("the answer has no resultType".into()),
    }
}

/// `[timestamp, "value"]`, with NaN refused by the caller's finiteness check.
fn sample(pair: &Value) -> Result<f64, String> {
    let text = pair[1]
        .as_str()
        .ok_or_else(|| "the answer has no sample value".to_string())?;
    match text {
        "NaN" => {
            Err("the query returned NaN (a ratio of empty series, or no data in the window)".into())
        }
        "+Inf" | "-Inf" => Err(format!("the query returned {text}")),
        t => number_from_text(t),
    }
}

/// `{job="api",le="0.5"}`.
fn labels(metric: &Value) -> String {
    let pairs: Vec<String> = metric
        .as_object()
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", v)).collect())
        .unwrap_or_default();
    format!("{{{}}}", pairs.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn results_are_read_or_refused_clearly() {
        let one = json!({"resultType": "vector", "result": [{"metric": {}, "value": [1, "42.5"]}]});
        assert_eq!(value_of(&one), Ok(42.5));
        let none = json!({"resultType": "vector", "result": []});
        assert!(value_of(&none).unwrap_err().contains("no series"));
        let two = json!({"resultType": "vector", "result": [
            {"metric": {"job": "a"}, "value": [1, "1"]},
            {"metric": {"job": "b"}, "value": [1, "2"]}]});
        assert!(value_of(&two)
            .unwrap_err()
            .contains("2 series ({job=\"a\"}, {job=\"b\"})"));
        let nan = json!({"resultType": "scalar", "result": [1, "NaN"]});
        assert!(value_of(&nan).unwrap_err().contains("NaN"));
        let matrix = json!({"resultType": "matrix", "result": []});
        assert!(value_of(&matrix).unwrap_err().contains("range selector"));
    }
}
