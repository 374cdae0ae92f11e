//! The practice tenant: an emulator of Microsoft Graph, Microsoft sign-in and the admin portals.
