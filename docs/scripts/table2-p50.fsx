// Why Table 2's p50 correlates with test accuracy the other way round from the thesis (docs/report.md,
// "Table 2's p50"): per checkpoint epoch of tetris-seed's test models, the mean median weight, the mean of
// each layer's weights and the correlation of the median with accuracy within that epoch.
// Run after `dotnet cake --target=Report` (it reads data/ingest/tetris-seed.*):
//   dotnet fsi docs/scripts/table2-p50.fsx
#r "../../stages/bin/Release/net10.0/linux-x64/Parquet.dll"
#r "../../stages/bin/Release/net10.0/linux-x64/WeightSpace.Core.dll"
open System.IO
open WeightSpace.Core.Zoo

let root = Path.GetFullPath(Path.Combine(__SOURCE_DIRECTORY__, "../.."))
let data = ZooDataset.Load(Path.Combine(root, "data/ingest/tetris-seed.parquet"), Path.Combine(root, "data/ingest/tetris-seed.split.csv"))
let width = data.Parameters                       // 100: the hidden layer's 80 kernel weights, then the output layer's 20
let test = data.RowsOf(SplitPart.Test)
let weights r = data.Weights.[r * width .. r * width + width - 1]
let median (xs: float32[]) = let s = Array.sort xs in (float s.[width / 2 - 1] + float s.[width / 2]) / 2.0
let mean (xs: float32[]) = Array.averageBy float xs
let pearson (a: float[]) (b: float[]) =
    let ma, mb = Array.average a, Array.average b
    let cov = Array.map2 (fun x y -> (x - ma) * (y - mb)) a b |> Array.sum
    cov / sqrt ((a |> Array.sumBy (fun x -> (x - ma) ** 2.0)) * (b |> Array.sumBy (fun y -> (y - mb) ** 2.0)))

let p50 = test |> Array.map (weights >> median)
let accuracy = test |> Array.map (fun r -> data.Accuracy.[r])
printfn "%d test checkpoints: pearson(p50, accuracy) = %+.3f over every epoch" test.Length (pearson p50 accuracy)
printfn "| epoch | mean p50 | mean hidden weight | mean output weight | mean accuracy | pearson(p50, accuracy) within the epoch |"
printfn "|---:|---:|---:|---:|---:|---:|"
for epoch in data.Epochs |> Array.distinct |> Array.sort |> Array.filter (fun e -> e <= 1 || e % 10 = 0 || e = Array.max data.Epochs) do
    let at = test |> Array.indexed |> Array.filter (fun (_, r) -> data.Epochs.[r] = epoch)
    let p = at |> Array.map (fun (i, _) -> p50.[i])
    let a = at |> Array.map (fun (i, _) -> accuracy.[i])
    let layer lo hi = at |> Array.averageBy (fun (_, r) -> mean (weights r).[lo .. hi])
    printfn "| %d | %+.4f | %+.4f | %+.4f | %.3f | %+.3f |" epoch (Array.average p) (layer 0 79) (layer 80 99) (Array.average a) (pearson p a)
