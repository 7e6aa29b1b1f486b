//! The machine around the reader: where files live, writing files without clobbering any,
//! and the log file.

pub mod files;
pub mod logging;
pub mod paths;
