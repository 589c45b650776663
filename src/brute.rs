//! What the brute-force tests share: walking every choice vector.

/// Moves `choice` to the next vector whose entries run from 0 to `most`, in
/// odometer order (the first entry turns fastest); false once every vector has
/// been seen, when it is back at all zeros.
pub(crate) fn next_choice(choice: &mut [usize], most: usize) -> bool {
    for x in choice.iter_mut() {
        *x += 1;
        if *x <= most {
            return true;
        }
        *x = 0;
    }
    false
}
