import Foundation
import MPIShim
@testable import ResultArchive
import XCTest

/// The file as its users open it: `xarray.open_dataset(path, engine="h5netcdf")` must see
/// named dimensions, index and non-index coordinates, labelled data variables and the
/// root attributes. Skipped when python3 lacks xarray or h5netcdf.
final class OutputXarrayTests: XCTestCase {
    func testXarrayOpensTheFileWithLabels() throws {
        guard OutputTestSupport.pythonHasXarray() else { throw XCTSkip("python3 with xarray and h5netcdf is not available") }
        let world = try OutputTestSupport.world()
        let directory = try OutputTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sweep.h5").path

        var result = OutputTestSupport.sampleResult()
        result.dimensions.append(.init(name: "realization", size: 2))
        result.coordinates.append(.init(name: "realization", dimensions: ["realization"], values: .int([0, 1])))
        let rows = RealizationRows(blocks: [.init(point: 1, firstRealization: 0, count: 2, values: [1, 2, 3, 4, 5, 6])])
        let realizations = RealizationVariable(name: "eps_realizations", dimensions: ["point", "realization", "time"], rows: rows)
        try ResultWriter.write(result, to: path, communicator: world, realizations: [realizations])

        let script = """
        import sys, numpy as np, xarray as xr
        ds = xr.open_dataset(sys.argv[1] if len(sys.argv) > 1 else \(pythonString(path)), engine="h5netcdf")
        assert dict(ds.sizes) == {"point": 4, "time": 3, "student_i": 2, "student_j": 2, "realization": 2}, dict(ds.sizes)
        assert set(ds.coords) == {"point", "time", "student_i", "student_j", "realization", "eta", "activation"}, list(ds.coords)
        assert list(ds.data_vars) == ["Q_mean", "eps_mean", "count", "eps_realizations"], list(ds.data_vars)
        assert set(ds.indexes) == {"point", "time", "student_i", "student_j", "realization"}, list(ds.indexes)
        assert ds["eta"].dims == ("point",) and ds["activation"].dims == ("point",)
        assert ds["Q_mean"].dims == ("point", "time", "student_i", "student_j"), ds["Q_mean"].dims
        assert ds["eps_realizations"].dims == ("point", "realization", "time")
        assert list(ds["activation"].values) == ["erf", "relu", "erf", "ρelu"], ds["activation"].values
        assert np.allclose(ds["eta"].values, [0.1, 0.1, 0.5, 0.5])
        assert np.array_equal(ds["time"].values, [0, 0.5, 1.25])
        assert float(ds["Q_mean"].sel(point=2, time=0.5, student_i=1, student_j=0)) == (2*12 + 1*4 + 2) * 0.25 - 3.0
        assert ds["count"].dtype == np.int64 and list(ds["count"].values) == [8, 8, 7, 8]
        assert np.array_equal(ds["eps_realizations"].sel(point=1).values, [[1, 2, 3], [4, 5, 6]])
        assert np.isnan(ds["eps_realizations"].sel(point=0).values).all()
        assert ds.attrs["model"] == "teacher_student" and ds.attrs["seed"] == 1234, ds.attrs
        assert list(ds.attrs["eta_grid"]) == [0.1, 0.5] and ds.attrs["wall_seconds"] == 12.5
        assert ds["time"].attrs["units"] == "steps/N" and ds["Q_mean"].attrs["realizations"] == 8
        assert "coordinates" not in ds["Q_mean"].attrs and "coordinates" not in ds.attrs
        sel = ds["eps_mean"].where(ds["activation"] == "erf", drop=True)
        assert list(sel["eta"].values) == [0.1, 0.5]
        print(ds)
        """
        let (status, output) = try OutputTestSupport.runPython(script)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("Dimensions:"), output)
    }

    /// `text` as a Python string literal.
    private func pythonString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
