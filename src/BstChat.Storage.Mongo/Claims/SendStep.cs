namespace BstChat.Storage.Mongo.Claims;

/// <summary>What a send does when its client message id is already claimed.</summary>
internal enum SendStep
{
    /// <summary>The first send's message is stored: answer with it, as a replay.</summary>
    ReturnStored,

    /// <summary>The first send is in flight: look again shortly.</summary>
    Wait,

    /// <summary>The first send has been silent for the threshold: take its claim over and send under its message id.</summary>
    TakeOver,
}
