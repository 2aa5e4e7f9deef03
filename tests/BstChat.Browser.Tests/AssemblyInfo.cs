using BstChat.Browser.Tests;
using Xunit.Sdk;
using Xunit.v3;

// One Chromium for the whole run; tests one after another, since two cores drive a browser and a server.
[assembly: AssemblyFixture(typeof(BrowserFixture))]
[assembly: Parallelization(Mode = ParallelMode.None)]
