/// Summaries of issue 14's matched-statistic samples psi_t(l) of one lag.
enum MatchedStatistic {
    /// The mean signal m(l) = |mean psi| over every sample of the diagnostic set: one sign
    /// for the whole set (taking it per diagnostic batch, as the talk's code does, biases
    /// the mean of noise upward). NaN with no samples.
    static func signal(_ samples: [Double]) -> Double {
        guard !samples.isEmpty else { return .nan }
        return abs(samples.reduce(0, +) / Double(samples.count))
    }
}
