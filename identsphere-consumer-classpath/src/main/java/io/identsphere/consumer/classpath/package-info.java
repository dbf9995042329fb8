/** Not shipped: a class-path application; its README snippets and tests are in the test sources. */
package io.identsphere.consumer.classpath;
