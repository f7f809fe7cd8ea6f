using System.CommandLine;
using Faro.Cli;

var root = new RootCommand("Faro: local migration governance assessments, from the command line.");
root.Subcommands.Add(OperationsCommands.Migrate());
root.Subcommands.Add(UserCommands.Build());
root.Subcommands.Add(TokenCommands.Build());
root.Subcommands.Add(CatalogueCommands.Build());
root.Subcommands.Add(AssessmentCommands.Build());
root.Subcommands.Add(PlacesCommands.Build());
root.Subcommands.Add(DemoCommands.Build());
root.Subcommands.Add(ProfileCommands.Build());
root.Subcommands.Add(ExchangeCommands.Export());
root.Subcommands.Add(ExchangeCommands.Import());
root.Subcommands.Add(OperationsCommands.Backup());
root.Subcommands.Add(OperationsCommands.Restore());
return await root.Parse(args).InvokeAsync();
