// PLACEHOLDER: the teacher-student helper replaces this with the real benchmark.
func benchSGD(_ args: [String]) throws {}
