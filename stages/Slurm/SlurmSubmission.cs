using System.Text.Json;
using WeightSpace.Pipeline;

namespace WeightSpace.Stages;

/// <summary>
/// One job of a submission: the stage it brings up to date, Slurm's job id, the array task indices
/// of a CNN zoo's shards (null for a job that runs one stage), its log file (repo-relative, %a
/// standing for an array task's index) and what the progress lines call it.
/// </summary>
public sealed record SlurmJob(string Stage, string Id, IReadOnlyList<int>? Tasks, string Log, string What)
{
    /// <summary>What Slurm reports one by one: the job, or each task of the array (id_task).</summary>
    public IEnumerable<(string Id, string Label, string Log)> Units() => Tasks is null
        ? [(Id, $"{What} (job {Id})", Log)]
        : Tasks.Select(t => ($"{Id}_{t}", $"{What} {t} (job {Id}_{t})", Log.Replace("%a", t.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}

/// <summary>
/// The last submission of `--executor=slurm` in this data folder (data/.slurm/submission.json):
/// which jobs run which stage, and their log files. `Status` shows them with their states; a new
/// submission refuses to start while jobs of this one are still queued or running.
/// </summary>
public sealed record SlurmSubmission(DateTimeOffset Submitted, string Profile, IReadOnlyList<string> Targets, IReadOnlyList<SlurmJob> Jobs)
{
    public static string Folder(ProjectPaths paths) => paths.Full("data/.slurm");

    private static string PathOf(ProjectPaths paths) => Path.Combine(Folder(paths), "submission.json");

    public static SlurmSubmission? Load(ProjectPaths paths)
    {
        var path = PathOf(paths);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<SlurmSubmission>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is unreadable ({e.Message}); delete it once no job of it is queued (squeue --me)");
        }
    }

    public void Save(ProjectPaths paths) => AtomicFile.WriteAllText(PathOf(paths), JsonSerializer.Serialize(this, Options));

    public IEnumerable<(string Id, string Label, string Log)> Units() => Jobs.SelectMany(j => j.Units());

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

/// <summary>
/// Where a job or array task is, as squeue (while Slurm remembers it) or sacct (accounting, after
/// that) reports it, in the four words the executor shows: pending, running, done, failed; and
/// cancelled (by scancel, or because a job it depended on failed).
/// </summary>
public static class SlurmStates
{
    public const string Pending = "pending", Running = "running", Done = "done", Failed = "failed", Cancelled = "cancelled", Unknown = "unknown";

    /// <summary>Each unit's state and Slurm's own word for it; a unit Slurm does not know (any more) is <see cref="Unknown"/>.</summary>
    public static Dictionary<string, (string State, string Slurm)> Of(IReadOnlyCollection<string> units)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (units.Count == 0) return result;
        var jobs = units.Select(u => u.Split('_')[0]).Distinct().ToList();
        // --states=all keeps finished jobs for as long as the controller remembers them (MinJobAge); -r one line per array task.
        var (exit, output, _) = SlurmTools.Run("squeue", ["--noheader", "--states=all", "--array", "--format=%i|%T", $"--jobs={string.Join(',', jobs)}"]);
        if (exit == 0) Read(output, units, result);
        var missing = units.Where(u => !result.ContainsKey(u)).ToList();
        if (missing.Count > 0)
        {
            // Finished and forgotten by the controller: accounting knows, where the cluster keeps it.
            var (sacctExit, accounted, _) = SlurmTools.Run("sacct", ["--noheader", "--parsable2", "--allocations", "--format=JobID,State", $"--jobs={string.Join(',', missing.Select(u => u.Split('_')[0]).Distinct())}"]);
            if (sacctExit == 0) Read(accounted, units, result);
        }
        foreach (var unit in units.Where(u => !result.ContainsKey(u))) result[unit] = (Unknown, "not known to squeue or sacct");
        return result;
    }

    private static void Read(string lines, IReadOnlyCollection<string> units, Dictionary<string, (string, string)> into)
    {
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length < 2) continue;
            var slurm = parts[1].Split(' ')[0]; // sacct: "CANCELLED by 0"
            if (units.Contains(parts[0])) into[parts[0]] = (Word(slurm), slurm);
        }
    }

    public static string Word(string slurm) => slurm switch
    {
        "PENDING" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "RESV_DEL_HOLD" => Pending,
        "RUNNING" or "CONFIGURING" or "COMPLETING" or "SUSPENDED" or "STOPPED" or "RESIZING" or "SIGNALING" or "STAGE_OUT" => Running,
        "COMPLETED" => Done,
        "CANCELLED" => Cancelled,
        _ => Failed, // FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE
    };

    public static bool Active(string state) => state is Pending or Running;
}
