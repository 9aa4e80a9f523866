//! The Tauri commands: one per user action, each a few lines that take the arguments, clone
//! what they need out of the state, call one domain function and map its error. Business
//! rules live in the `gpconnect` crate.

pub mod appointments;
pub mod booking;
pub mod credentials;
pub mod patients;
pub mod settings;
pub mod slots;
