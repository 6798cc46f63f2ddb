//! `okr lsp`: a language server on stdio. It publishes `okr lint`'s findings as you
//! type and answers hovers, definitions, references, outlines, symbol searches and
//! formatting, all from the same library code as the command line.

mod complete;
mod features;
mod state;
mod text;
mod transport;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use state::State;
use std::path::PathBuf;

/// Serves one client on stdin and stdout until it shuts the server down (`true`) or
/// goes away without doing so (`false`).
pub fn serve_stdio() -> anyhow::Result<bool> {
    let (connection, io_threads) = transport::stdio();
    let result = serve(&connection);
    drop(connection);
    // After a clean shutdown a client may close its end mid-frame: that is not an error.
    let joined = io_threads.join();
    match result {
        Ok(true) => Ok(true),
        Ok(false) => joined.map(|()| false).map_err(Into::into),
        Err(e) => Err(e),
    }
}

/// Serves one client over `connection`; `true` when it ended with `shutdown`.
pub fn serve(connection: &Connection) -> anyhow::Result<bool> {
    let params = connection.initialize(serde_json::to_value(capabilities())?)?;
    let params: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let mut server = Server::new(connection, root_of(&params))?;
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(true);
                }
                server.request(request)?;
            }
            Message::Notification(notification) => server.notification(notification)?,
            Message::Response(_) => {}
        }
    }
    Ok(false)
}

fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec!["|".into(), ":".into(), "#".into(), " ".into()]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[allow(deprecated)]
fn root_of(params: &lsp::InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref()?.first()?;
    text::path_of(&folder.uri)
}

struct Server<'c> {
    connection: &'c Connection,
    state: State,
    /// The rule pages diagnostics link to, in a directory of the server's own: made
    /// fresh, private (0700) and under a random name, and removed when the server stops.
    rule_docs: tempfile::TempDir,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, root: Option<PathBuf>) -> anyhow::Result<Self> {
        let rule_docs = tempfile::Builder::new().prefix("okr-rules-").tempdir()?;
        if let Err(e) = features::write_rule_docs(rule_docs.path()) {
            eprintln!(
                "okr lsp: cannot write rule documentation to {}: {e}",
                rule_docs.path().display()
            );
        }
        let state = State::new(root);
        Ok(Server {
            connection,
            state,
            rule_docs,
        })
    }

    fn send(&self, message: impl Into<Message>) -> anyhow::Result<()> {
        self.connection.sender.send(message.into())?;
        Ok(())
    }

    fn request(&mut self, request: Request) -> anyhow::Result<()> {
        let id = request.id.clone();
        let result = self.answer(request);
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err(Failure::Unknown(method)) => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("okr lsp does not handle {method}"),
            ),
            Err(Failure::BadParams(message)) => {
                Response::new_err(id, ErrorCode::InvalidParams as i32, message)
            }
        };
        self.send(response)
    }

    fn answer(&mut self, request: Request) -> Result<serde_json::Value, Failure> {
        use lsp::request::*;
        let state = &mut self.state;
        let json = |v: serde_json::Result<serde_json::Value>| {
            v.map_err(|e| Failure::BadParams(e.to_string()))
        };
        match request.method.as_str() {
            HoverRequest::METHOD => {
                let p: lsp::HoverParams = params(request)?;
                let (path, at) = position_params(&p.text_document_position_params)?;
                json(serde_json::to_value(features::hover(state, &path, at)))
            }
            GotoDefinition::METHOD => {
                let p: lsp::GotoDefinitionParams = params(request)?;
                let (path, at) = position_params(&p.text_document_position_params)?;
                json(serde_json::to_value(features::definition(state, &path, at)))
            }
            References::METHOD => {
                let p: lsp::ReferenceParams = params(request)?;
                let (path, at) = position_params(&p.text_document_position)?;
                json(serde_json::to_value(features::references(state, &path, at)))
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp::DocumentSymbolParams = params(request)?;
                let path = path_param(&p.text_document.uri)?;
                json(serde_json::to_value(features::document_symbols(
                    state, &path,
                )))
            }
            WorkspaceSymbolRequest::METHOD => {
                let p: lsp::WorkspaceSymbolParams = params(request)?;
                json(serde_json::to_value(features::workspace_symbols(
                    state, &p.query,
                )))
            }
            Formatting::METHOD => {
                let p: lsp::DocumentFormattingParams = params(request)?;
                let path = path_param(&p.text_document.uri)?;
                json(serde_json::to_value(features::formatting(state, &path)))
            }
            Completion::METHOD => {
                let p: lsp::CompletionParams = params(request)?;
                let (path, at) = position_params(&p.text_document_position)?;
                json(serde_json::to_value(complete::completion(state, &path, at)))
            }
            CodeActionRequest::METHOD => {
                let p: lsp::CodeActionParams = params(request)?;
                let path = path_param(&p.text_document.uri)?;
                let actions = features::code_actions(state, &path, p.range, self.rule_docs.path());
                json(serde_json::to_value(actions))
            }
            InlayHintRequest::METHOD => {
                let p: lsp::InlayHintParams = params(request)?;
                let path = path_param(&p.text_document.uri)?;
                json(serde_json::to_value(features::inlay_hints(state, &path)))
            }
            other => Err(Failure::Unknown(other.to_string())),
        }
    }

    fn notification(&mut self, notification: Notification) -> anyhow::Result<()> {
        use lsp::notification::*;
        let lsp_server::Notification { method, params } = notification;
        match method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(params) else {
                    return Ok(());
                };
                if let Some(path) = text::path_of(&p.text_document.uri) {
                    self.state
                        .update(path, p.text_document.text, p.text_document.version);
                    self.publish_all()?;
                }
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(params)
                else {
                    return Ok(());
                };
                let Some(path) = text::path_of(&p.text_document.uri) else {
                    return Ok(());
                };
                let Some(mut text) = self.state.open.get(&path).map(|b| b.text.clone()) else {
                    return Ok(());
                };
                for change in &p.content_changes {
                    text::apply_change(&mut text, change.range, &change.text);
                }
                self.state.update(path, text, p.text_document.version);
                self.publish_all()?;
            }
            DidSaveTextDocument::METHOD => {
                // A save may precede a commit, and a shared file changes every document's
                // findings: the git history, configs and links are read again.
                self.state.reload();
                self.publish_all()?;
            }
            DidChangeWatchedFiles::METHOD => {
                self.state.reload();
                self.publish_all()?;
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(params)
                else {
                    return Ok(());
                };
                if let Some(path) = text::path_of(&p.text_document.uri) {
                    self.state.close(&path);
                    self.publish(&p.text_document.uri, Vec::new(), None)?;
                    self.publish_all()?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Lints every open buffer again: an edit to one document can change another's
    /// alignment findings.
    fn publish_all(&mut self) -> anyhow::Result<()> {
        let today = chrono::Local::now().date_naive();
        let mut paths: Vec<PathBuf> = self.state.open.keys().cloned().collect();
        paths.sort();
        for path in paths {
            let Some(text) = self.state.text(&path) else {
                continue;
            };
            let version = self.state.open.get(&path).map(|b| b.version);
            let lines = text::Lines::new(&text);
            let diagnostics = match self.state.lint(&path, today) {
                Ok(found) => found
                    .iter()
                    .map(|d| features::diagnostic(&lines, d, self.rule_docs.path()))
                    .collect(),
                Err(problem) => vec![config_problem(problem)],
            };
            self.publish(&text::uri_of(&path), diagnostics, version)?;
        }
        Ok(())
    }

    fn publish(
        &self,
        uri: &lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) -> anyhow::Result<()> {
        let params = lsp::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        };
        self.send(Notification::new(
            lsp::notification::PublishDiagnostics::METHOD.to_string(),
            params,
        ))
    }
}

/// An invalid okr.yaml or metrics.yaml, shown on the document's first line.
fn config_problem(problem: String) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        source: Some("okr".to_string()),
        message: problem,
        ..Default::default()
    }
}

enum Failure {
    Unknown(String),
    BadParams(String),
}

fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, Failure> {
    serde_json::from_value(request.params).map_err(|e| Failure::BadParams(e.to_string()))
}

fn path_param(uri: &lsp::Uri) -> Result<PathBuf, Failure> {
    text::path_of(uri)
        .ok_or_else(|| Failure::BadParams(format!("not a file URI: {}", uri.as_str())))
}

fn position_params(
    p: &lsp::TextDocumentPositionParams,
) -> Result<(PathBuf, lsp::Position), Failure> {
    Ok((path_param(&p.text_document.uri)?, p.position))
}
