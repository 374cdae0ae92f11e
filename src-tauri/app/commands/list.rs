// The app's commands, named once. `build.rs` turns the names into Tauri permissions and the
// `app-commands` set the capability grants; `lib.rs` turns the paths into the invoke handler.
// Both `include!` this file, so a command cannot be in one and not the other; a command in
// neither is refused by Tauri's ACL before it runs.

/// Calls `$then! { module::command, ... }` with every command of the app.
macro_rules! app_commands {
    ($then:ident) => {
        $then! {
            app::app_info,
            app::remember_language,
            links::open_url,
            practice::start_practice,
            practice::advance_practice_clock,
            sign_in::sign_in,
            sign_in::cancel_sign_in,
            sign_in::start_device_code,
            sign_in::finish_device_code,
            sign_in::whoami,
            sign_in::resume,
            sign_in::sign_out_and_forget,
            registration::registration,
            registration::save_registration,
            registration::forget_registration,
            organization::organization,
            azure::check_azure,
            backup::backup_checklist,
            backup::answer_backup_item,
            backup::override_backup,
            backup::answer_backup_items,
            export::default_backup_dir,
            export::start_backup,
            export::pause_backup,
            report::save_report,
            report::save_calendar,
            reminders::reminders,
            reminders::dismiss_reminder,
            reminders::watch_reminders,
            steps::plan_step,
            steps::apply_step,
            steps::cancel_step,
            steps::verify_step,
            steps::step_status,
            updater::update_status,
            updater::watch_updates,
            updater::install_update,
            mail::mail_handover,
            mail::remind_mail_check,
            mail::remember_domain_purchase,
        }
    };
}

/// The command names, as `&[&str]`: `app_commands!(command_names)`.
macro_rules! command_names {
    ($($module:ident :: $command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}
