/**
 * Parameter-efficient fine-tuning: the method and its hyper-parameters ({@link
 * dev.primer.learn.peft.PeftConfig}, JSON), which parameters train ({@link
 * dev.primer.learn.peft.TrainableParameters}) and the trainable/total report ({@link
 * dev.primer.learn.peft.ParameterReport}). The modules themselves live in {@code model}.
 */
package dev.primer.learn.peft;
