//! Searching one practice (§3.2): the range checked, split into 14-day windows asked one
//! after another, each resolved and merged. A failure in the first window fails the search;
//! a failure (or the deadline) in a later window keeps what the earlier windows found and
//! lists the days not searched, so a receptionist sees the first fortnight's slots and knows
//! the rest is missing.

use tokio::time::Instant;

use super::{
    MAX_SEARCH_RANGE_DAYS, MissingWindow, SlotQuery, SlotSearchResult, resolve_slot_resources,
    service_filtering_status, slot_search_params,
};
use crate::client::{Client, FhirRequest};
use crate::config::Practice;
use crate::error::{Error, Result, TimeoutStage};
use crate::fhir::Bundle;
use crate::interaction::Interaction;
use crate::slots::ServiceFiltering;
use crate::time::{DateRange, MAX_SLOT_SEARCH_DAYS};

/// Checks a search range: at most [`MAX_SEARCH_RANGE_DAYS`] days.
///
/// Errors: [`Error::Validation`] on `to`.
pub fn check_search_range(range: DateRange) -> Result<()> {
    if range.days() > MAX_SEARCH_RANGE_DAYS {
        return Err(Error::validation(
            "to",
            format!(
                "Search at most {MAX_SEARCH_RANGE_DAYS} days at a time (this range has {})",
                range.days()
            ),
        ));
    }
    Ok(())
}

impl Client {
    /// Searches one practice for free slots over `query.range` (§3.2), in 14-day windows
    /// one after another, merged without duplicates. Past slots are counted, not returned.
    ///
    /// Errors: [`Error::Validation`] for a range over [`MAX_SEARCH_RANGE_DAYS`] days, before
    /// anything is sent; any [`Error`] of the first window. A later window's failure is
    /// listed in [`SlotSearchResult::missing`].
    pub async fn search_free_slots(
        &self,
        practice: &Practice,
        query: &SlotQuery,
    ) -> Result<SlotSearchResult> {
        self.search_windows(practice, query, None).await
    }

    /// As [`Client::search_free_slots`], stopping at `until`: a window still unanswered then
    /// is listed as missing ([`Error::Timeout`], [`TimeoutStage::Deadline`]), or fails the
    /// search when it is the first.
    ///
    /// Errors: as [`Client::search_free_slots`].
    pub async fn search_free_slots_until(
        &self,
        practice: &Practice,
        query: &SlotQuery,
        until: Instant,
    ) -> Result<SlotSearchResult> {
        self.search_windows(practice, query, Some(until)).await
    }

    async fn search_windows(
        &self,
        practice: &Practice,
        query: &SlotQuery,
        until: Option<Instant>,
    ) -> Result<SlotSearchResult> {
        check_search_range(query.range)?;
        let started = Instant::now();
        let mut merged = SlotSearchResult::default();
        let windows = query.range.windows(MAX_SLOT_SEARCH_DAYS);
        for (index, window) in windows.iter().enumerate() {
            let answer = match until {
                Some(until) => {
                    tokio::time::timeout_at(until, self.search_window(practice, query, *window))
                        .await
                        .unwrap_or_else(|_| {
                            Err(Error::Timeout {
                                stage: TimeoutStage::Deadline,
                                after: started.elapsed(),
                            })
                        })
                }
                None => self.search_window(practice, query, *window).await,
            };
            match answer {
                Ok(found) => merged.merge(found),
                Err(error) if index == 0 => return Err(error),
                Err(error) => {
                    // Every later window is missing too: never wait for them past a deadline,
                    // and never keep asking a practice that has just failed.
                    for missing in &windows[index..] {
                        merged.missing.push(MissingWindow {
                            range: *missing,
                            code: error.code().to_owned(),
                            message: error.to_string(),
                        });
                    }
                    break;
                }
            }
        }
        Ok(merged)
    }

    async fn search_window(
        &self,
        practice: &Practice,
        query: &SlotQuery,
        window: DateRange,
    ) -> Result<SlotSearchResult> {
        let mut request = FhirRequest::new(Interaction::SearchSlots, "Slot");
        request.query = slot_search_params(window, &query.filters, query.service.as_deref());
        let response = self.execute(practice, &request).await?;
        let (meta, resources) =
            Bundle::searchset_from_slice(&response.body).map_err(|source| Error::Decode {
                status: response.status,
                source,
            })?;
        let mut found =
            resolve_slot_resources(practice, &resources, &query.filters, self.clock().now());
        if query.service.is_some() {
            found.service_filtering = Some(
                service_filtering_status(meta.as_ref()).unwrap_or(ServiceFiltering::NotReported),
            );
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_year_and_a_day_at_most() {
        let start = NaiveDate::from_ymd_opt(2028, 1, 1).unwrap();
        assert!(check_search_range(DateRange::starting(start, 366)).is_ok());
        let err = check_search_range(DateRange::starting(start, 367)).unwrap_err();
        assert_eq!(err.fields()[0].field, "to");
    }
}
