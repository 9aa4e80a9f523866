//! Federated slot search (§8): many practices at once, each with its own deadline, each
//! outcome delivered as soon as it arrives so a screen can fill in practice by practice.
//! A slow or failing practice never delays or hides the others.

use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, Stream};

use crate::client::Client;
use crate::config::Practice;
use crate::error::{Error, Result, TimeoutStage};
use crate::slots::{SlotQuery, SlotSearchResult};

/// One practice's answer in a federated search.
#[derive(Debug, Clone)]
pub struct PracticeOutcome {
    /// The practice.
    pub practice: Practice,
    /// Time from the start of the search to this answer.
    pub elapsed: Duration,
    /// Its slots, or why there are none (a deadline gives [`Error::Timeout`] with
    /// [`TimeoutStage::Deadline`]).
    pub result: Result<SlotSearchResult>,
}

impl Client {
    /// Searches every practice concurrently. Each practice gets `deadline` in all (every
    /// window and retry included). Outcomes arrive in the order practices answer; the stream
    /// ends after the last one. Needs a Tokio runtime.
    pub fn search_federation(
        &self,
        practices: &[Practice],
        query: &SlotQuery,
        deadline: Duration,
    ) -> impl Stream<Item = PracticeOutcome> + Send + 'static {
        let started = Instant::now();
        practices
            .iter()
            .cloned()
            .map(|practice| {
                let client = self.clone();
                let query = query.clone();
                async move {
                    let result =
                        tokio::time::timeout(deadline, client.search_free_slots(&practice, &query))
                            .await
                            .unwrap_or(Err(Error::Timeout {
                                stage: TimeoutStage::Deadline,
                                after: deadline,
                            }));
                    PracticeOutcome {
                        practice,
                        elapsed: started.elapsed(),
                        result,
                    }
                }
            })
            .collect::<FuturesUnordered<_>>()
    }
}
