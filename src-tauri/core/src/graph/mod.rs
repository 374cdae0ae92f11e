//! The one Microsoft Graph client every call goes through: auth, paging, `$batch`, throttling.
