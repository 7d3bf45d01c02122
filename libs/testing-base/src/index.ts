// Test helpers that depend on no other @sdp lib, so the tests of every lib (messaging, storage)
// can use them without a cycle; @sdp/testing re-exports them for apps, e2e and benches.
export * from './seeded-content';
export * from './tcp-outage-proxy';
