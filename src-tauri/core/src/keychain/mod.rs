//! The refresh token in the OS keychain, and nowhere else.
