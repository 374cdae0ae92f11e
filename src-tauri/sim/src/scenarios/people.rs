//! Names for generated people: deterministic, varied, and unique sign-in names.

const FIRST: &[&str] = &[
    "Luca", "Giulia", "Tom", "Aisha", "Ben", "Sofia", "Priya", "Marco", "Elena", "James", "Chloe",
    "Omar", "Hannah", "Diego", "Mei", "Noah", "Fatima", "Liam", "Zoe", "Ravi", "Emma", "Kofi",
    "Isabel", "Yuki", "Daniel", "Lena", "Mateo", "Amara", "Oscar", "Nina", "Samir", "Clara",
    "Ethan", "Leila", "Felix", "Ana", "Hugo", "Ines", "Viktor", "Maya",
];
const LAST: &[&str] = &[
    "Bianchi",
    "Verdi",
    "Baker",
    "Khan",
    "Carter",
    "Romano",
    "Patel",
    "Conti",
    "Novak",
    "Smith",
    "Dubois",
    "Haddad",
    "Schmidt",
    "Garcia",
    "Chen",
    "Okafor",
    "Silva",
    "Murphy",
    "Tanaka",
    "Nielsen",
    "Kowalski",
    "Mensah",
    "Rossi",
    "Ivanova",
    "Moreau",
    "Fischer",
    "Lopez",
    "Ali",
    "Berg",
    "Costa",
    "Ward",
    "Jensen",
    "Yilmaz",
    "Brooks",
    "Santos",
    "Weber",
    "Hughes",
    "Kaur",
    "Lindqvist",
    "Ortiz",
];

/// The `n`th generated person (given name, surname); the sequence never repeats a pair
/// within the first 1,600 people.
pub fn person(n: usize) -> (&'static str, &'static str) {
    let first = FIRST[n % FIRST.len()];
    let last = LAST[(n / FIRST.len() + n) % LAST.len()];
    (first, last)
}

pub const JOBS: &[&str] = &[
    "Sales",
    "Accountant",
    "Designer",
    "Baker",
    "Project Manager",
    "Office Manager",
    "Developer",
    "Consultant",
    "Assistant",
    "Marketing",
];
