//! Which queries ran: salsa's `WillExecute` events, recorded for the tests
//! that count re-executions and for the benchmark.

use std::sync::{Arc, Mutex, PoisonError};

use salsa::{DatabaseKeyIndex, Event, EventKind};

#[derive(Clone, Default)]
pub(crate) struct ExecutionLog(Arc<Mutex<Vec<DatabaseKeyIndex>>>);

impl ExecutionLog {
    pub(crate) fn callback(self) -> Box<dyn Fn(Event) + Send + Sync + 'static> {
        Box::new(move |event| {
            if let EventKind::WillExecute { database_key } = event.kind {
                self.0
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(database_key);
            }
        })
    }

    pub(crate) fn take(&self) -> Vec<DatabaseKeyIndex> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}
