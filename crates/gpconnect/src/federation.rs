//! Asking many practices at once (§8) within the load the providers and the Spine Secure
//! Proxy can bear: at most [`FederationLimits::max_concurrent`] practices are asked at a time,
//! the rest wait in a queue, and each practice has its own deadline from the moment it is
//! asked (time spent queued does not count). Each practice's progress is delivered as it
//! happens, so a screen fills in practice by practice; a slow or failing practice never
//! delays or hides the others.
//!
//! One [`Federation`] is shared by every federated call of a session (slot searches, finding
//! the patient, listing appointments), so two of them running together still stay under the
//! cap. It also remembers how long each practice took last time: the fastest is asked first
//! (the first answer shows at once) and then the slowest first (the whole search stays close
//! to the shortest time the cap allows).
//!
//! Belongs here: the queue, the cap, the deadlines and the events. What is asked of each
//! practice is in `slots`, `patients` and `agenda`.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use futures::stream::{self, FuturesUnordered, Stream, StreamExt};
use tokio::sync::{Semaphore, mpsc};

use crate::client::Client;
use crate::config::Practice;
use crate::error::{Error, Result, TimeoutStage};
use crate::ids::OdsCode;
use crate::slots::{SlotQuery, SlotSearchResult};

/// Practices asked at once when nothing else is configured: the reference's budget of about
/// five concurrent calls per consumer profile (NHS's appointment checker uses a maximum
/// degree of parallelism of 5; the SSP throttles per consumer with 429/503).
pub const DEFAULT_MAX_CONCURRENT: usize = 5;

/// Grace after a practice's deadline before its task is abandoned, so that a task that
/// handles the deadline itself (a slot search keeping the windows it has) answers first.
const DEADLINE_GRACE: Duration = Duration::from_millis(50);

/// How many practices are asked at once, and each one's time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FederationLimits {
    /// Practices asked at the same time (at least 1); the others wait their turn.
    pub max_concurrent: usize,
    /// One practice's time limit, from when it is asked (every window and retry included).
    pub deadline: Duration,
}

impl Default for FederationLimits {
    /// [`DEFAULT_MAX_CONCURRENT`] at once, 20 s each.
    fn default() -> Self {
        Self {
            max_concurrent: DEFAULT_MAX_CONCURRENT,
            deadline: Duration::from_secs(20),
        }
    }
}

/// The shared queue of a session's federated calls. Cheap to clone (clones share the cap and
/// what was learnt about each practice's speed).
#[derive(Debug, Clone)]
pub struct Federation {
    limits: FederationLimits,
    permits: Arc<Semaphore>,
    /// How long each practice took last time it answered.
    took: Arc<Mutex<HashMap<OdsCode, Duration>>>,
}

impl Default for Federation {
    fn default() -> Self {
        Self::new(FederationLimits::default())
    }
}

/// One practice's progress in a federated call.
#[derive(Debug, Clone)]
pub enum FederationEvent<T> {
    /// The practice is being asked now (it waited `queued` for its turn).
    Started {
        /// The practice.
        practice: Practice,
        /// Time spent waiting for a free place under the cap.
        queued: Duration,
    },
    /// The practice answered, failed or ran out of time.
    Answered(PracticeAnswer<T>),
}

impl<T> FederationEvent<T> {
    /// The answer, for callers that do not show progress.
    pub fn answered(self) -> Option<PracticeAnswer<T>> {
        match self {
            Self::Started { .. } => None,
            Self::Answered(answer) => Some(answer),
        }
    }
}

/// One practice's answer in a federated call.
#[derive(Debug, Clone)]
pub struct PracticeAnswer<T> {
    /// The practice.
    pub practice: Practice,
    /// Time from the start of the whole call to this answer.
    pub elapsed: Duration,
    /// Time from when this practice was asked (its queueing excluded).
    pub took: Duration,
    /// Its answer, or why there is none (past the deadline: [`Error::Timeout`] with
    /// [`TimeoutStage::Deadline`]).
    pub result: Result<T>,
}

/// One practice's answer in a federated slot search.
pub type PracticeOutcome = PracticeAnswer<SlotSearchResult>;

impl Federation {
    /// A queue with these limits (a `max_concurrent` of 0 counts as 1).
    pub fn new(limits: FederationLimits) -> Self {
        let limits = FederationLimits {
            max_concurrent: limits.max_concurrent.max(1),
            ..limits
        };
        Self {
            limits,
            permits: Arc::new(Semaphore::new(limits.max_concurrent)),
            took: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// The default cap with this per-practice deadline.
    pub fn with_deadline(deadline: Duration) -> Self {
        Self::new(FederationLimits {
            deadline,
            ..FederationLimits::default()
        })
    }

    /// The limits.
    pub fn limits(&self) -> FederationLimits {
        self.limits
    }

    /// The order practices are asked in, from what this queue learnt of their speed: the
    /// fastest practice first (its answer fills the first row of a screen at once), then
    /// practices never timed (in the order given), then the others slowest first (longest
    /// processing time first keeps the whole call close to the least the cap allows). Ties
    /// keep the order given.
    pub fn queue_order(&self, practices: &[Practice]) -> Vec<Practice> {
        let took = self.took.lock().unwrap_or_else(PoisonError::into_inner);
        let mut timed: Vec<(usize, Duration, &Practice)> = Vec::new();
        let mut untimed: Vec<&Practice> = Vec::new();
        for (i, p) in practices.iter().enumerate() {
            match took.get(&p.ods_code) {
                Some(d) => timed.push((i, *d, p)),
                None => untimed.push(p),
            }
        }
        timed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let fastest = timed.pop().map(|(_, _, p)| p);
        fastest
            .into_iter()
            .chain(untimed)
            .chain(timed.into_iter().map(|(_, _, p)| p))
            .cloned()
            .collect()
    }

    fn remember(&self, ods: &OdsCode, took: Duration) {
        self.took
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(ods.clone(), took);
    }

    /// Runs `task` once per practice, at most `max_concurrent` at a time across every call
    /// sharing this queue. `task` gets the practice and its deadline (an instant); it is
    /// abandoned with [`Error::Timeout`] ([`TimeoutStage::Deadline`]) shortly after. Events
    /// arrive as they happen: `Started` when a practice's turn comes, then its `Answered`;
    /// the stream ends after the last answer. Dropping the stream stops every task. The
    /// stream is `Unpin` (use it with `StreamExt::next` directly). Needs a Tokio runtime.
    pub fn run<T, F, Fut>(
        &self,
        practices: &[Practice],
        task: F,
    ) -> impl Stream<Item = FederationEvent<T>> + Send + Unpin + 'static
    where
        T: Send + 'static,
        F: Fn(Practice, Instant) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T>> + Send + 'static,
    {
        let started = Instant::now();
        let (sender, receiver) = mpsc::unbounded_channel();
        let task = Arc::new(task);
        let work: FuturesUnordered<_> = self
            .queue_order(practices)
            .into_iter()
            .map(|practice| {
                let federation = self.clone();
                let sender = sender.clone();
                let task = task.clone();
                async move {
                    // The semaphore is never closed; were it, the practice would go unguarded
                    // rather than never be asked.
                    let _permit = federation.permits.clone().acquire_owned().await.ok();
                    let asked = Instant::now();
                    let _ = sender.send(FederationEvent::Started {
                        practice: practice.clone(),
                        queued: asked - started,
                    });
                    let deadline = federation.limits.deadline;
                    let until = Instant::now() + deadline;
                    let result = tokio::time::timeout_at(
                        until + DEADLINE_GRACE,
                        task(practice.clone(), until),
                    )
                    .await
                    .unwrap_or(Err(Error::Timeout {
                        stage: TimeoutStage::Deadline,
                        after: deadline,
                    }));
                    let took = asked.elapsed();
                    if result.is_ok() {
                        federation.remember(&practice.ods_code, took);
                    }
                    let _ = sender.send(FederationEvent::Answered(PracticeAnswer {
                        practice,
                        elapsed: started.elapsed(),
                        took,
                        result,
                    }));
                }
            })
            .collect();
        drop(sender);
        // Events go through one channel so that a practice's `Started` always comes before
        // its `Answered`; the futures are driven alongside and yield nothing themselves.
        let mut receiver = receiver;
        let events = stream::poll_fn(move |cx| receiver.poll_recv(cx));
        let driver = work.filter_map(|()| std::future::ready(None));
        stream::select(events, driver)
    }
}

impl Client {
    /// Searches every practice for free slots (§3.2) through `federation` (its cap, queue
    /// and per-practice deadline). A practice whose later 14-day window fails or runs out of
    /// time keeps the slots of the windows before it and lists what is missing
    /// ([`SlotSearchResult::missing`]). Needs a Tokio runtime.
    pub fn search_federation(
        &self,
        practices: &[Practice],
        query: &SlotQuery,
        federation: &Federation,
    ) -> impl Stream<Item = FederationEvent<SlotSearchResult>> + Send + Unpin + 'static {
        let client = self.clone();
        let query = query.clone();
        federation.run(practices, move |practice, until| {
            let client = client.clone();
            let query = query.clone();
            async move {
                client
                    .search_free_slots_until(&practice, &query, until)
                    .await
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{Asid, ProviderRoot};

    fn practice(ods: &str) -> Practice {
        Practice {
            ods_code: OdsCode::parse(ods).unwrap(),
            name: ods.to_owned(),
            provider_root: ProviderRoot::parse(&format!("https://p.nhs.uk/{ods}/STU3/1/gpconnect"))
                .unwrap(),
            asid: Asid::parse("918999198738").unwrap(),
        }
    }

    fn codes(practices: &[Practice]) -> Vec<&str> {
        practices.iter().map(|p| p.ods_code.as_str()).collect()
    }

    #[test]
    fn fastest_first_then_untimed_then_slowest_first() {
        let federation = Federation::default();
        let all = [
            practice("A001"),
            practice("B001"),
            practice("C001"),
            practice("D001"),
        ];
        assert_eq!(
            codes(&federation.queue_order(&all)),
            ["A001", "B001", "C001", "D001"]
        );
        federation.remember(&all[0].ods_code, Duration::from_millis(100));
        federation.remember(&all[1].ods_code, Duration::from_millis(900));
        federation.remember(&all[3].ods_code, Duration::from_millis(400));
        assert_eq!(
            codes(&federation.queue_order(&all)),
            ["A001", "C001", "B001", "D001"]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_cap_at_once_and_started_before_answered() {
        let federation = Federation::new(FederationLimits {
            max_concurrent: 2,
            deadline: Duration::from_secs(5),
        });
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let peak = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let all: Vec<Practice> = (1..=5).map(|i| practice(&format!("P{i:03}"))).collect();
        let (r, p) = (running.clone(), peak.clone());
        let events: Vec<_> = federation
            .run(&all, move |_, _| {
                let (r, p) = (r.clone(), p.clone());
                async move {
                    use std::sync::atomic::Ordering::SeqCst;
                    let now = r.fetch_add(1, SeqCst) + 1;
                    p.fetch_max(now, SeqCst);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    r.fetch_sub(1, SeqCst);
                    Ok(())
                }
            })
            .collect()
            .await;
        assert_eq!(events.len(), 10);
        assert_eq!(peak.load(std::sync::atomic::Ordering::SeqCst), 2);
        for p in &all {
            let position = |started: bool| {
                events.iter().position(|e| match e {
                    FederationEvent::Started { practice, .. } => started && practice == p,
                    FederationEvent::Answered(a) => !started && a.practice == *p,
                })
            };
            assert!(
                position(true) < position(false),
                "{} started first",
                p.ods_code
            );
        }
        // Five 100 ms tasks two at a time: three rounds.
        let last = events
            .into_iter()
            .filter_map(FederationEvent::answered)
            .next_back()
            .unwrap();
        assert_eq!(last.elapsed.as_millis() / 100, 3);
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_counts_from_the_practice_turn_not_the_queue() {
        let federation = Federation::new(FederationLimits {
            max_concurrent: 1,
            deadline: Duration::from_millis(300),
        });
        let all = [practice("A001"), practice("B001"), practice("C001")];
        let answers: Vec<_> = federation
            .run(&all, |p, _| async move {
                let wait = if p.ods_code.as_str() == "B001" {
                    1000
                } else {
                    200
                };
                tokio::time::sleep(Duration::from_millis(wait)).await;
                Ok(())
            })
            .filter_map(|e| std::future::ready(e.answered()))
            .collect()
            .await;
        let result = |ods: &str| {
            &answers
                .iter()
                .find(|a| a.practice.ods_code.as_str() == ods)
                .unwrap()
                .result
        };
        assert!(result("A001").is_ok());
        assert!(matches!(
            result("B001"),
            Err(Error::Timeout {
                stage: TimeoutStage::Deadline,
                ..
            })
        ));
        // C1 waited 200 + 350 ms for its turn, then answered within its own 300 ms.
        assert!(result("C001").is_ok());
    }
}
