//! Sign-in as the organization's Global Administrator: authorization code + PKCE through the
//! system browser and a loopback listener, the device-code fallback, and silent refresh.
