//! Rate limits kept in this node's memory (docs/server.md, "Limits"):
//! `bucket.rs` the token buckets, `posts.rs` the limits on what pupils'
//! devices post. Several nodes each keep their own, so a pupil posting
//! through two nodes behind a load balancer gets twice the allowance: the
//! limits bound a flood, they are not a quota.

mod bucket;
mod posts;

pub use bucket::{KeyedLimiter, Rate, RetryAfter, SharedLimiter};
pub use posts::{PostLimitSettings, PostLimits, Poster};
