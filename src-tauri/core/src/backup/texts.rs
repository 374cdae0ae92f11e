//! The words of the backup assistant in English and Italian, for the closure report, the
//! calendar file and the command line. The UI keeps its own copies under the same keys
//! (`backup.item.<kind>.title` / `.steps`), so both can be checked against each other.
//!
//! Templates use `{param}` placeholders filled from a checklist item's parameters.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::checklist::{ChecklistItem, ItemKind};

/// The owner's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    It,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    /// Picks the English or Italian text.
    pub fn pick<'a>(self, en: &'a str, it: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::It => it,
        }
    }
}

/// A title and numbered steps, in both languages.
pub struct ItemText {
    pub title: [&'static str; 2],
    pub steps: [&'static [&'static str]; 2],
}

/// The text of each kind of checklist item.
pub fn item_text(kind: ItemKind) -> ItemText {
    match kind {
        ItemKind::Mailbox => ItemText {
            title: [
                "Email of {name}: {size}, {count} items, last used {last_activity}",
                "Posta di {name}: {size}, {count} elementi, ultimo uso {last_activity}",
            ],
            steps: [
                &[
                    "Add {name}'s mailbox to Outlook on a Windows computer (Microsoft's steps are for Outlook for Windows). Outlook keeps only the last 12 months offline by default, so first open File > Account Settings > Account Settings, select the account, set Download email for the past to All, and wait until Outlook has downloaded everything.",
                    "In Outlook choose File > Open & Export > Import/Export > Export to a file > Outlook Data File (.pst).",
                    "Select the mailbox (its name or address), make sure Include subfolders is ticked, and save the .pst file somewhere safe.",
                ],
                &[
                    "Aggiungi la cassetta postale di {name} a Outlook su un computer Windows (i passaggi di Microsoft sono per Outlook per Windows). Per impostazione predefinita Outlook conserva offline solo gli ultimi 12 mesi: prima apri File > Impostazioni account > Impostazioni account, seleziona l'account, imposta Scarica email per gli ultimi su Tutto e attendi che Outlook abbia scaricato tutto.",
                    "In Outlook scegli File > Apri ed esporta > Importa/Esporta > Esporta in un file > File di dati di Outlook (.pst).",
                    "Seleziona la cassetta postale (nome o indirizzo di {name}), verifica che la casella Includi sottocartelle sia selezionata e salva il file .pst in un posto sicuro.",
                ],
            ],
        },
        ItemKind::OneDrive => ItemText {
            title: [
                "OneDrive of {name}: {size}, {count} files, last used {last_activity}",
                "OneDrive di {name}: {size}, {count} file, ultimo uso {last_activity}",
            ],
            steps: [
                &[
                    "In the admin center open Users > Active users and select {name}.",
                    "Select the OneDrive tab, then under Get access to files select Create link to files, and open the link.",
                    "Download the files you want to keep to your computer or another drive.",
                ],
                &[
                    "Nell'interfaccia di amministrazione apri Utenti > Utenti attivi e seleziona {name}.",
                    "Seleziona la scheda OneDrive, poi in Accedi ai file seleziona Crea collegamento ai file e apri il collegamento.",
                    "Scarica sul computer o su un altro disco i file da conservare.",
                ],
            ],
        },
        ItemKind::SharedSite => ItemText {
            title: [
                "Shared site {name}: {size}, last used {last_activity}",
                "Sito condiviso {name}: {size}, ultimo uso {last_activity}",
            ],
            steps: [
                &[
                    "Open {url} in your browser.",
                    "Open each document library, select the files and folders, and choose Download.",
                    "Keep the downloaded files somewhere outside Microsoft 365.",
                ],
                &[
                    "Apri {url} nel browser.",
                    "Apri ogni raccolta documenti, seleziona file e cartelle e scegli Scarica.",
                    "Conserva i file scaricati fuori da Microsoft 365.",
                ],
            ],
        },
        ItemKind::Invoices => ItemText {
            title: [
                "Invoices and billing history",
                "Fatture e storico della fatturazione",
            ],
            steps: [
                &[
                    "In the admin center open Billing > Bills & payments (in the Simplified view: Billing > View invoices).",
                    "Set the date range to cover every year you need for your records.",
                    "Open each invoice and choose Download PDF.",
                ],
                &[
                    "Nell'interfaccia di amministrazione apri Fatturazione > Fatture e pagamenti (nella visualizzazione semplificata: Fatturazione > Visualizza fatture).",
                    "Imposta l'intervallo di date su tutti gli anni che ti servono per la contabilità.",
                    "Apri ogni fattura e scegli Scarica PDF.",
                ],
            ],
        },
        ItemKind::DnsRecords => ItemText {
            title: [
                "DNS records of {domain}, if you keep the domain",
                "Record DNS di {domain}, se tieni il dominio",
            ],
            steps: [
                &[
                    "Sign in where {domain} is registered (your DNS host).",
                    "Export or copy the list of records (MX, CNAME, TXT, SRV) into a file.",
                    "Plan where email for {domain} goes next, and change the MX record only when ready.",
                ],
                &[
                    "Accedi al sito dove è registrato {domain} (il tuo provider DNS).",
                    "Esporta o copia in un file l'elenco dei record (MX, CNAME, TXT, SRV).",
                    "Decidi dove andrà la posta di {domain} e cambia il record MX solo quando sei pronto.",
                ],
            ],
        },
        ItemKind::CalendarsContacts => ItemText {
            title: [
                "Calendars and contacts of {people} people",
                "Calendari e contatti di {people} persone",
            ],
            steps: [
                &[
                    "The Outlook export (.pst) of each mailbox includes calendar and contacts: tick Include subfolders.",
                    "For a shared calendar or address book, export it from the account that owns it.",
                    "To use them elsewhere, import the .pst file or export contacts to a .csv file.",
                ],
                &[
                    "L'esportazione di Outlook (.pst) di ogni cassetta postale include calendario e contatti: spunta Includi sottocartelle.",
                    "Per un calendario o una rubrica condivisi, esportali dall'account che li possiede.",
                    "Per usarli altrove, importa il file .pst o esporta i contatti in un file .csv.",
                ],
            ],
        },
        ItemKind::ThirdPartyApps => ItemText {
            title: [
                "Apps that people sign in to with Microsoft 365: {apps}",
                "App a cui si accede con Microsoft 365: {apps}",
            ],
            steps: [
                &[
                    "For each app, sign in and add another way to sign in (an email and password, or another account).",
                    "Download what you keep in those apps, such as files, invoices or customer lists.",
                    "After the closure, sign-in with Microsoft 365 accounts will stop working.",
                ],
                &[
                    "Per ogni app, accedi e aggiungi un altro modo di accesso (email e password, o un altro account).",
                    "Scarica ciò che tieni in quelle app, come file, fatture o elenchi clienti.",
                    "Dopo la chiusura, l'accesso con gli account Microsoft 365 smetterà di funzionare.",
                ],
            ],
        },
    }
}

/// Shown when the reports conceal names (key `backup.notice.names_concealed`).
pub const NAMES_CONCEALED: [&str; 2] = [
    "Microsoft hides people's names in usage reports for this organization, so some items say \"hidden person\". To show real names, in the admin center open Settings > Org settings > Services > Reports, clear \"Display concealed user, group, and site names in all reports\", save, and check again in a few minutes.",
    "Microsoft nasconde i nomi delle persone nei report di utilizzo di questa organizzazione, quindi alcune voci dicono \"persona nascosta\". Per vedere i nomi reali, nell'interfaccia di amministrazione apri Impostazioni > Impostazioni organizzazione > Servizi > Report, togli la spunta a \"Visualizza nomi di utenti, gruppi e siti nascosti in tutti i report\", salva e ricontrolla tra qualche minuto.",
];

/// "hidden person 3" (key `backup.hidden_person`).
pub fn hidden_person(number: usize, lang: Lang) -> String {
    format!(
        "{} {number}",
        lang.pick("hidden person", "persona nascosta")
    )
}

/// "hidden site 2" (key `backup.hidden_site`).
pub fn hidden_site(number: usize, lang: Lang) -> String {
    format!("{} {number}", lang.pick("hidden site", "sito nascosto"))
}

/// Fills `{param}` placeholders; unknown ones are left visible so a missing value is noticed.
pub fn fill(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = template.to_string();
    for (key, value) in params {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

/// A byte count a person can read ("1.4 GB", in Italian "1,4 GB"); decimal units, as
/// Microsoft's admin center uses.
pub fn format_bytes(bytes: u64, lang: Lang) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let number = format!("{value:.1}");
    let number = match lang {
        Lang::En => number,
        Lang::It => number.replace('.', ","),
    };
    format!("{number} {}", UNITS[unit])
}

/// An item's title and steps in the owner's language, with its parameters made readable.
pub fn render(item: &ChecklistItem, lang: Lang) -> (String, Vec<String>) {
    let mut params = item.params.clone();
    if let Some(number) = params.get("hidden_number").and_then(|n| n.parse().ok()) {
        if item.kind == ItemKind::SharedSite {
            params.insert("name".into(), hidden_site(number, lang));
            let where_ = lang.pick(
                "the site from the SharePoint admin center (Sites > Active sites)",
                "il sito dall'interfaccia di amministrazione di SharePoint (Siti > Siti attivi)",
            );
            params.insert("url".into(), where_.to_string());
        } else {
            params.insert("name".into(), hidden_person(number, lang));
        }
    }
    let size = match item.bytes {
        Some(bytes) => format_bytes(bytes, lang),
        None => lang
            .pick("size not reported yet", "dimensione non ancora nota")
            .to_string(),
    };
    params.insert("size".into(), size);
    for (key, unknown) in [
        ("count", ["unknown", "n.d."]),
        ("last_activity", ["never", "mai"]),
    ] {
        if params.get(key).is_some_and(|v| v.is_empty()) {
            params.insert(key.into(), lang.pick(unknown[0], unknown[1]).to_string());
        }
    }
    let text = item_text(item.kind);
    let index = lang as usize;
    let title = fill(text.title[index], &params);
    let steps = text.steps[index].iter().map(|s| fill(s, &params)).collect();
    (title, steps)
}
