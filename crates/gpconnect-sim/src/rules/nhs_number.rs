//! NHS number validation as §7.4 states it: exactly 10 ASCII digits; the first nine weighted
//! 10 down to 2 and summed; check = 11 − (sum mod 11), 11 becoming 0 and 10 meaning invalid;
//! the check must equal the tenth digit. Nothing is normalised: a provider receives the
//! number as the consumer sent it, so spaces or hyphens are refused.

/// Why an NHS number is refused; every case is 400 INVALID_NHS_NUMBER (§3.3, §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    /// Not 10 characters, or not all ASCII digits.
    #[error("an NHS number is exactly 10 digits")]
    Shape,
    /// The Modulus 11 check digit is 10 or differs from the tenth digit.
    #[error("the NHS number's check digit is wrong")]
    CheckDigit,
}

/// Checks `text` as an NHS number (§7.4).
///
/// Errors: [`NhsNumberError`].
pub fn check(text: &str) -> Result<(), NhsNumberError> {
    let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
    if text.len() != 10 || digits.len() != 10 {
        return Err(NhsNumberError::Shape);
    }
    let sum: u32 = digits
        .iter()
        .zip([10, 9, 8, 7, 6, 5, 4, 3, 2])
        .map(|(digit, weight)| digit * weight)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return Err(NhsNumberError::CheckDigit),
        c => c,
    };
    if digits[9] == check {
        Ok(())
    } else {
        Err(NhsNumberError::CheckDigit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_of_section_7_4() {
        assert_eq!(check("9476719931"), Ok(()));
        assert_eq!(check("9000000009"), Ok(()));
        assert_eq!(check("9000000008"), Err(NhsNumberError::CheckDigit));
        assert_eq!(check("999999999"), Err(NhsNumberError::Shape));
        assert_eq!(check("90000000090"), Err(NhsNumberError::Shape));
        assert_eq!(check("hello"), Err(NhsNumberError::Shape));
        assert_eq!(
            check("947 671 9931"),
            Err(NhsNumberError::Shape),
            "no spaces"
        );
        assert_eq!(
            check("947671993١"),
            Err(NhsNumberError::Shape),
            "ASCII digits only"
        );
        // Sum 12: 11 − 1 = 10, which no number may have.
        assert_eq!(check("0000000060"), Err(NhsNumberError::CheckDigit));
    }
}
