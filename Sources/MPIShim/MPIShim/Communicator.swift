import CMPI

/// An MPI communicator with the few operations dynsweep needs: rank and size, barrier,
/// broadcast, allreduce of Double arrays, and small tagged point-to-point messages used
/// by the dynamic scheduler. Errors are returned (MPI_ERRORS_RETURN), never aborted on.
///
/// `MPI_Comm` is an opaque pointer, which Swift 6 does not consider Sendable; a
/// communicator is only used from the thread that initialized MPI, hence
/// `@unchecked Sendable`.
public final class Communicator: @unchecked Sendable {
    /// The raw handle, for the HDF5 MPI-IO driver.
    public let handle: MPI_Comm
    public let rank: Int
    public let size: Int

    init(handle: MPI_Comm) throws {
        self.handle = handle
        MPI_Comm_set_errhandler(handle, dyn_mpi_errors_return())
        var r: Int32 = 0, s: Int32 = 0
        try check(MPI_Comm_rank(handle, &r), "MPI_Comm_rank")
        try check(MPI_Comm_size(handle, &s), "MPI_Comm_size")
        rank = Int(r)
        size = Int(s)
    }

    public var isRoot: Bool { rank == 0 }

    /// How many ranks of this communicator share this rank's node (its shared-memory
    /// group, `MPI_Comm_split_type` with `MPI_COMM_TYPE_SHARED`). Collective.
    public func ranksOnThisNode() throws -> Int {
        var local: MPI_Comm?
        try check(MPI_Comm_split_type(handle, dyn_mpi_comm_type_shared(), Int32(rank), dyn_mpi_info_null(), &local),
                  "MPI_Comm_split_type")
        defer { MPI_Comm_free(&local) }
        var s: Int32 = 0
        try check(MPI_Comm_size(local, &s), "MPI_Comm_size")
        return Int(s)
    }

    public func barrier() throws {
        try check(MPI_Barrier(handle), "MPI_Barrier")
    }

    /// Element-wise sum of `values` over all ranks, in place, on every rank. MPI may sum in
    /// any order, so callers that need bit-for-bit results sum arrays in which at most one
    /// rank contributes a non-zero entry per position (x + 0 is exact).
    public func allreduceSum(_ values: inout [Double]) throws {
        let n = values.count
        guard n > 0 else { return }
        try values.withUnsafeMutableBufferPointer { buf in
            try check(MPI_Allreduce(dyn_mpi_in_place(), buf.baseAddress, Int32(n), dyn_mpi_double(), dyn_mpi_sum(), handle),
                      "MPI_Allreduce")
        }
    }

    /// Element-wise sum of 64-bit integers over all ranks, in place, on every rank.
    /// Integer addition is exact and associative, so the result is independent of the
    /// order MPI adds in and of how the values were split over ranks.
    public func allreduceSum(_ values: inout [Int64]) throws {
        let n = values.count
        guard n > 0 else { return }
        try values.withUnsafeMutableBufferPointer { buf in
            try check(MPI_Allreduce(dyn_mpi_in_place(), buf.baseAddress, Int32(n), dyn_mpi_int64(), dyn_mpi_sum(), handle),
                      "MPI_Allreduce")
        }
    }

    /// Element-wise maximum of `values` over all ranks, in place.
    public func allreduceMax(_ values: inout [Double]) throws {
        let n = values.count
        guard n > 0 else { return }
        try values.withUnsafeMutableBufferPointer { buf in
            try check(MPI_Allreduce(dyn_mpi_in_place(), buf.baseAddress, Int32(n), dyn_mpi_double(), dyn_mpi_max(), handle),
                      "MPI_Allreduce")
        }
    }

    /// Broadcasts `values` from `root`; on other ranks the array is replaced.
    public func broadcast(_ values: inout [Double], root: Int = 0) throws {
        var count = [Double(values.count)]
        try count.withUnsafeMutableBufferPointer { buf in
            try check(MPI_Bcast(buf.baseAddress, 1, dyn_mpi_double(), Int32(root), handle), "MPI_Bcast")
        }
        if rank != root { values = [Double](repeating: 0, count: Int(count[0])) }
        guard !values.isEmpty else { return }
        try values.withUnsafeMutableBufferPointer { buf in
            try check(MPI_Bcast(buf.baseAddress, Int32(buf.count), dyn_mpi_double(), Int32(root), handle), "MPI_Bcast")
        }
    }

    /// Broadcasts a byte string (e.g. a file name or a message) from `root`.
    public func broadcast(_ text: String, root: Int = 0) throws -> String {
        var bytes = Array(text.utf8).map { Double($0) }
        try broadcast(&bytes, root: root)
        return String(decoding: bytes.map { UInt8($0) }, as: UTF8.self)
    }

    /// Sends a small message of Int64 words to `destination` with `tag` (blocking).
    public func send(_ words: [Int64], to destination: Int, tag: Int) throws {
        var w = words
        try w.withUnsafeMutableBufferPointer { buf in
            try check(MPI_Send(buf.baseAddress, Int32(buf.count), dyn_mpi_int64(), Int32(destination), Int32(tag), handle),
                      "MPI_Send")
        }
    }

    /// Receives a message of at most `capacity` Int64 words from `source` (nil: any) with
    /// `tag` (nil: any), blocking. Returns the words, the sender and the tag.
    public func receive(capacity: Int, from source: Int? = nil, tag: Int? = nil) throws
        -> (words: [Int64], source: Int, tag: Int) {
        var buffer = [Int64](repeating: 0, count: capacity)
        var status = MPI_Status()
        try buffer.withUnsafeMutableBufferPointer { buf in
            try check(MPI_Recv(buf.baseAddress, Int32(capacity), dyn_mpi_int64(),
                               Int32(source ?? Int(dyn_mpi_any_source())), Int32(tag ?? Int(dyn_mpi_any_tag())),
                               handle, &status), "MPI_Recv")
        }
        var count: Int32 = 0
        try check(MPI_Get_count(&status, dyn_mpi_int64(), &count), "MPI_Get_count")
        return (Array(buffer.prefix(Int(count))), Int(status.MPI_SOURCE), Int(status.MPI_TAG))
    }

    /// Whether a message with `tag` (nil: any) from any source is waiting (non-blocking).
    public func probe(tag: Int? = nil) throws -> Bool {
        var flag: Int32 = 0
        var status = MPI_Status()
        try check(MPI_Iprobe(dyn_mpi_any_source(), Int32(tag ?? Int(dyn_mpi_any_tag())), handle, &flag, &status),
                  "MPI_Iprobe")
        return flag != 0
    }
}

/// Throws an `MPIError` for a non-success return code.
@inline(__always)
func check(_ code: Int32, _ routine: String) throws {
    guard code != 0 else { return }
    var length: Int32 = 0
    var chars = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
    MPI_Error_string(code, &chars, &length)
    let message = String(decoding: chars.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    throw MPIError(routine: routine, code: code, message: message)
}
