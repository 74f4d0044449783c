//! A small deterministic generator (xorshift) for test and bench fixtures,
//! so that a failure can be replayed from its printed seed.

pub struct Rng(u64);

#[allow(dead_code)]
impl Rng {
    pub fn seeded(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    /// Seeded from `KEYWARDEN_TEST_SEED`, else the clock; prints the seed.
    pub fn from_env(what: &str) -> Rng {
        let seed = std::env::var("KEYWARDEN_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("{what} seed: KEYWARDEN_TEST_SEED={seed}");
        Rng::seeded(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}
